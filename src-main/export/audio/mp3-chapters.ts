import NodeID3 from 'node-id3';

export interface Chapter {
  title: string;
  startMs: number;
  endMs: number;
}

/**
 * The MP3 with an ID3v2 tag in front: its title and artist, and its chapters as the ID3 chapter
 * addendum has them (a CHAP frame each, titled, and one ordered top-level CTOC listing them), which
 * podcast and audiobook players show and skip by. node-id3 writes the frames.
 */
export function withChapters(mp3: Buffer, book: { title: string; artist: string; chapters: Chapter[] }): Buffer {
  const chapters = book.chapters.map((chapter, index) => ({
    elementID: `chapter-${index + 1}`,
    startTimeMs: Math.round(chapter.startMs),
    endTimeMs: Math.round(chapter.endMs),
    tags: { title: chapter.title },
  }));
  const tag = NodeID3.create({
    title: book.title,
    artist: book.artist,
    album: book.title,
    chapter: chapters,
    tableOfContents: [{ elementID: 'contents', isOrdered: true, elements: chapters.map((chapter) => chapter.elementID), tags: { title: book.title } }],
  });
  return Buffer.concat([tag, mp3]);
}
