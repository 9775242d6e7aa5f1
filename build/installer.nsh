; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include).
; SHELL_CONTEXT is HKCU for a per-user install and HKLM for all users, as the installer chose.
; Each entry runs the app with the chosen paths; a running app gets them as a second instance,
; and paths arriving together become one share.

!macro customInstall
  ; Send to -> Gett Desktop: Explorer passes the whole selection on one command line.
  CreateShortCut "$SENDTO\${PRODUCT_NAME}.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" 0

  ; Right-click -> Share with Gett Desktop, on any file and on folders.
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\GettDesktop" "" "Share with ${PRODUCT_NAME}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\GettDesktop" "Icon" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\GettDesktop" "MultiSelectModel" "Player"
  WriteRegStr SHELL_CONTEXT "Software\Classes\*\shell\GettDesktop\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%1"'
  WriteRegStr SHELL_CONTEXT "Software\Classes\Directory\shell\GettDesktop" "" "Share with ${PRODUCT_NAME}"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Directory\shell\GettDesktop" "Icon" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Directory\shell\GettDesktop" "MultiSelectModel" "Player"
  WriteRegStr SHELL_CONTEXT "Software\Classes\Directory\shell\GettDesktop\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" -- "%1"'

  ; gett:// links open in the app.
  WriteRegStr SHELL_CONTEXT "Software\Classes\gett" "" "URL:Gett link"
  WriteRegStr SHELL_CONTEXT "Software\Classes\gett" "URL Protocol" ""
  WriteRegStr SHELL_CONTEXT "Software\Classes\gett\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHELL_CONTEXT "Software\Classes\gett\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  Delete "$SENDTO\${PRODUCT_NAME}.lnk"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\*\shell\GettDesktop"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\Directory\shell\GettDesktop"
  DeleteRegKey SHELL_CONTEXT "Software\Classes\gett"
!macroend
