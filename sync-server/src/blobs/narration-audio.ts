/** A page's narration as the desktop keeps it: MP3, which every EPUB reading system and browser plays. */
export const AUDIO_TYPE = 'audio/mpeg';

/**
 * The largest narration taken: a page's is at most 10 minutes (page_narrations.duration_ms), which
 * comes to 19.2 MB at 256 kbps. A member's 3-minute recording at the desktop's 64 kbps is 1.5 MB.
 */
export const MAX_AUDIO_BYTES = 20 * 1024 * 1024;
