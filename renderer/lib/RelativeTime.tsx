/** "5 minutes ago" that stays true: re-renders once a minute while on screen. */
import { useEffect, useState } from 'react';
import { formatDate, formatRelative } from './format';

export function RelativeTime({ unixSeconds }: { unixSeconds: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time dateTime={new Date(unixSeconds * 1000).toISOString()} title={formatDate(unixSeconds)}>
      {formatRelative(unixSeconds, now)}
    </time>
  );
}
