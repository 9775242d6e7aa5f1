/**
 * Link-preview fetchers (chat apps unfurling a pasted link) are not downloads: they must not
 * count, and the uploader must not be told someone is downloading.
 */
const PREVIEW_BOTS =
  /(slackbot|slack-imgproxy|discordbot|twitterbot|facebookexternalhit|facebot|linkedinbot|whatsapp|telegrambot|skypeuripreview|microsoftpreview|applebot|pinterest|redditbot|embedly|iframely|mattermost|rocket\.chat|zulip|googlebot|bingbot|bingpreview|yandexbot|duckduckbot|baiduspider|vkshare|google-pagerenderer|opengraph|preview)/i;

/** True when the User-Agent belongs to a crawler or a chat app's link preview. */
export function isLinkPreviewBot(userAgent: string | undefined): boolean {
  return userAgent !== undefined && PREVIEW_BOTS.test(userAgent);
}
