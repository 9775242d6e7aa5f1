/** Image thumbnail when the server has one, else a badge with the file's extension. */
import { useState } from 'react';
import { fileType } from './fileState';

export function FileThumb({ filename, thumbUrl }: { filename: string; thumbUrl?: string }) {
  const [broken, setBroken] = useState(false);
  if (thumbUrl && !broken) {
    return (
      <img
        className="thumb thumb--image"
        src={thumbUrl}
        alt=""
        loading="lazy"
        decoding="async"
        onError={() => setBroken(true)}
      />
    );
  }
  const { ext, kind } = fileType(filename);
  return (
    <span className={`thumb thumb--${kind}`} aria-hidden="true">
      {ext}
    </span>
  );
}
