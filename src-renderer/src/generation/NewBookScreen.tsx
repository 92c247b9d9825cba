import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { STORY_TONES, type ART_STYLES, type CallArgs } from '../../../src-preload/contract';
import { bridgeClient } from '../bridge/client';
import { ErrorNote } from '../app/ErrorNote';
import { SelectField } from '../app/SelectField';
import { useCharacters } from '../characters/character-queries';
import { StylePicker } from './StylePicker';

const PAGE_COUNTS = [4, 6, 8, 10, 12, 16, 20, 24, 32] as const;
const READER_AGES = [2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** Languages a story can be written in; the name each goes by in its own words. */
const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt-BR', 'nl', 'pl', 'sv', 'tr', 'uk', 'ar', 'he', 'hi', 'zh', 'ja'] as const;
const languageName = (code: string) => new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;

export function NewBookScreen() {
  const [idea, setIdea] = useState('');
  const [pageCount, setPageCount] = useState<number>(8);
  const [readerAge, setReaderAge] = useState<number>(5);
  const [artStyle, setArtStyle] = useState<(typeof ART_STYLES)[number]>('watercolor');
  const [tone, setTone] = useState<(typeof STORY_TONES)[number]>('gentle');
  const [language, setLanguage] = useState<string>('en');
  const [characterIds, setCharacterIds] = useState<string[]>([]);
  const [keepOwnWords, setKeepOwnWords] = useState(false);
  const [ownWords, setOwnWords] = useState('');
  const [fixSpelling, setFixSpelling] = useState(false);
  const ownWordsId = useId();
  const characters = useCharacters();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const ideaId = useId();
  const start = useMutation({
    mutationFn: (input: CallArgs<'generation.start'>) => bridgeClient.call('generation.start', input),
    onSuccess: async (generation) => {
      await queryClient.invalidateQueries({ queryKey: ['library'] });
      await navigate(`/books/${generation.bookId}`);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate({ idea, pageCount, readerAge, artStyle, tone, language, characterIds, ...(keepOwnWords && { ownWords, fixSpelling }) });
  };

  return (
    <section aria-labelledby="new-book-title" className="new-book">
      <h2 id="new-book-title">Make a new book</h2>
      <form onSubmit={submit} className="panel stack">
        <div className="field">
          <label htmlFor={ideaId}>What is the story about?</label>
          <textarea
            id={ideaId}
            value={idea}
            onChange={(event) => setIdea(event.target.value)}
            placeholder="A little fox who collects moonbeams in a jar"
            rows={3}
            maxLength={500}
            required
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={keepOwnWords} onChange={(event) => setKeepOwnWords(event.target.checked)} />
          Keep my words: we wrote the story ourselves
        </label>
        {keepOwnWords && (
          <div className="field">
            <label htmlFor={ownWordsId}>The story, word for word (a blank line between pages, or StorySprout splits it by sentences)</label>
            <textarea id={ownWordsId} value={ownWords} onChange={(event) => setOwnWords(event.target.value)} rows={8} maxLength={6000} required />
            <label className="check">
              <input type="checkbox" checked={fixSpelling} onChange={(event) => setFixSpelling(event.target.checked)} />
              Fix spelling mistakes (nothing else is changed)
            </label>
          </div>
        )}
        <div className="row">
          <SelectField label="Pages" value={pageCount} options={PAGE_COUNTS} onChange={setPageCount} />
          <SelectField label="Reader’s age" value={readerAge} options={READER_AGES} onChange={setReaderAge} />
          <SelectField label="Feeling" value={tone} options={STORY_TONES} onChange={setTone} />
          <SelectField label="Language" value={language} options={LANGUAGES} onChange={setLanguage} optionLabel={languageName} />
        </div>
        <StylePicker value={artStyle} onChange={setArtStyle} />
        {characters.data && characters.data.length > 0 && (
          <fieldset className="character-choice">
            <legend>Who is in the story</legend>
            {characters.data.map((character) => (
              <label key={character.id} className="check">
                <input
                  type="checkbox"
                  checked={characterIds.includes(character.id)}
                  onChange={(event) => setCharacterIds(event.target.checked ? [...characterIds, character.id] : characterIds.filter((id) => id !== character.id))}
                  disabled={!characterIds.includes(character.id) && characterIds.length >= 6}
                />
                {character.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit" className="primary big" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Make my book'}
        </button>
        {start.error && <ErrorNote error={start.error} />}
      </form>
    </section>
  );
}
