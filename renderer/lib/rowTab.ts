/**
 * Tab order inside the virtual list: only the active row's buttons are tab stops, so Tab
 * goes from a row into its actions and then out of the list instead of through every row.
 */
import { createContext, useContext } from 'react';

export const RowTabContext = createContext<0 | -1>(0);

/** tabIndex for a control: 0 outside the list or in the active row, else -1. */
export function useRowTabIndex(): 0 | -1 {
  return useContext(RowTabContext);
}
