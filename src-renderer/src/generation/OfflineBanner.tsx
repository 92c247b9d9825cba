import { useEffect, useState } from 'react';
import { bridgeClient } from '../bridge/client';

/** Says so while the AI service cannot be reached; books being made wait and carry on after. */
export function OfflineBanner() {
  const [online, setOnline] = useState(true);
  useEffect(
    () =>
      bridgeClient.subscribe((message) => {
        if (message.name === 'queue.online') setOnline(message.payload.online);
      }),
    [],
  );
  if (online) return null;
  return (
    <p role="status" className="offline-banner">
      No connection to the story and picture service. Books being made will carry on when it is back, and you can keep editing.
    </p>
  );
}
