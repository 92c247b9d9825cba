import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ART_STYLES, STORY_TONES, type CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { ErrorNote } from '../app/ErrorNote';

const STYLE_LABEL: Record<(typeof ART_STYLES)[number], string> = {
  watercolor: 'Watercolour',
  crayon: 'Crayon',
  'paper-cut': 'Paper cut-outs',
  storybook: 'Classic storybook',
  clay: 'Clay figures',
};

export function NewBookScreen() {
  const [idea, setIdea] = useState('');
  const [pageCount, setPageCount] = useState(8);
  const [readerAge, setReaderAge] = useState(5);
  const [artStyle, setArtStyle] = useState<(typeof ART_STYLES)[number]>('watercolor');
  const [tone, setTone] = useState<(typeof STORY_TONES)[number]>('gentle');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const ids = { idea: useId(), pages: useId(), age: useId(), style: useId(), tone: useId() };
  const start = useMutation({
    mutationFn: (input: CallArgs<'generation.start'>) => bridgeClient.call('generation.start', input),
    onSuccess: async (generation) => {
      await queryClient.invalidateQueries({ queryKey: ['library'] });
      await navigate(`/books/${generation.bookId}`);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ idea, pageCount, readerAge, artStyle, tone });
  };

  return (
    <section aria-labelledby="new-book-title" className="new-book">
      <h2 id="new-book-title">Make a new book</h2>
      <form onSubmit={submit} className="panel stack">
        <div className="field">
          <label htmlFor={ids.idea}>What is the story about?</label>
          <textarea
            id={ids.idea}
            value={idea}
            onChange={(event) => setIdea(event.target.value)}
            placeholder="A little fox who collects moonbeams in a jar"
            rows={3}
            maxLength={500}
            required
          />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor={ids.pages}>Pages</label>
            <select id={ids.pages} value={pageCount} onChange={(event) => setPageCount(Number(event.target.value))}>
              {[4, 6, 8, 10, 12, 16, 20, 24, 32].map((count) => (
                <option key={count} value={count}>
                  {count}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.age}>Reader’s age</label>
            <select id={ids.age} value={readerAge} onChange={(event) => setReaderAge(Number(event.target.value))}>
              {[2, 3, 4, 5, 6, 7, 8, 9, 10].map((age) => (
                <option key={age} value={age}>
                  {age}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.style}>Pictures</label>
            <select id={ids.style} value={artStyle} onChange={(event) => setArtStyle(event.target.value as (typeof ART_STYLES)[number])}>
              {ART_STYLES.map((style) => (
                <option key={style} value={style}>
                  {STYLE_LABEL[style]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.tone}>Feeling</label>
            <select id={ids.tone} value={tone} onChange={(event) => setTone(event.target.value as (typeof STORY_TONES)[number])}>
              {STORY_TONES.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="primary big" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Make my book'}
        </button>
        {start.error && <ErrorNote error={start.error} />}
      </form>
    </section>
  );
}
