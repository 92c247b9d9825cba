/** Drawn icons rather than emoji: they look the same on every computer, fonts or not. */
export function SproutIcon() {
  return (
    <svg viewBox="0 0 32 32" width="1.2em" height="1.2em" aria-hidden="true" focusable="false">
      <path d="M16 30V15" stroke="#2f7d4f" strokeWidth="3" strokeLinecap="round" fill="none" />
      <path d="M16 17C16 10 11 6 3 6c0 7 5 11 13 11z" fill="#5fb77b" />
      <path d="M16 14c0-6 4-10 12-10 0 6-4 10-12 10z" fill="#2f7d4f" />
    </svg>
  );
}

export function BookIcon() {
  return (
    <svg viewBox="0 0 64 64" width="40%" height="40%" aria-hidden="true" focusable="false">
      <path d="M8 12c8-3 16-3 24 2v40c-8-5-16-5-24-2z" fill="#f2b56b" />
      <path d="M56 12c-8-3-16-3-24 2v40c8-5 16-5 24-2z" fill="#e8945a" />
      <path d="M32 14v40" stroke="#8a5a2b" strokeWidth="2" />
    </svg>
  );
}
