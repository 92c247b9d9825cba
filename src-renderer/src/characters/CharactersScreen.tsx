import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CharacterView } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { bridgeClient } from '../bridge/client';
import { StoredPicture } from '../bridge/stored-picture';
import { useCharacters } from './character-queries';
import { PictureCropper } from './PictureCropper';

/** The family's characters: who they are and what they look like, for any book to use again. */
export function CharactersScreen() {
  const characters = useCharacters();
  const [editing, setEditing] = useState<CharacterView | 'new' | null>(null);
  return (
    <section aria-labelledby="characters-title" className="stack">
      <div className="library-top">
        <h2 id="characters-title">Our characters</h2>
        {editing === null && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New character
          </button>
        )}
      </div>
      {editing !== null && <CharacterForm key={editing === 'new' ? 'new' : editing.id} character={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {characters.error && <ErrorNote error={characters.error} />}
      {characters.data?.length === 0 && <p className="empty">No characters yet. Make one, and every book can have them in it.</p>}
      <ul className="character-grid" aria-label="Characters">
        {characters.data?.map((character) => (
          <CharacterCard key={character.id} character={character} onEdit={() => setEditing(character)} />
        ))}
      </ul>
    </section>
  );
}

function CharacterCard({ character, onEdit }: { character: CharacterView; onEdit(): void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => bridgeClient.call('characters.remove', { characterId: character.id }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['characters'] }),
  });
  return (
    <li className="panel character-card" aria-label={character.name}>
      <div className="character-picture">
        {character.thumbnailAssetSha256 ? <StoredPicture sha256={character.thumbnailAssetSha256} alt={`Picture of ${character.name}`} /> : <span aria-hidden="true">{character.name.slice(0, 1)}</span>}
      </div>
      <h3>{character.name}</h3>
      {character.damaged && (
        <p className="damaged-note" role="note">
          What {character.name} is like could not be read. Change and save {character.name} to mend it.
        </p>
      )}
      {character.traits.length > 0 && (
        <ul className="traits" aria-label={`What ${character.name} is like`}>
          {character.traits.map((trait) => (
            <li key={trait}>{trait}</li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" onClick={onEdit} aria-label={`Change ${character.name}`}>
          Change
        </button>
        <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending} aria-label={`Remove ${character.name}`}>
          Remove
        </button>
      </div>
      {remove.error && <ErrorNote error={remove.error} />}
    </li>
  );
}

const traitsOf = (text: string) =>
  text
    .split(',')
    .map((trait) => trait.trim())
    .filter(Boolean);

function CharacterForm({ character, onDone }: { character: CharacterView | null; onDone(): void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(character?.name ?? '');
  const [traits, setTraits] = useState(character?.traits.join(', ') ?? '');
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [picture, setPicture] = useState<{ base64: string; preview: string } | null>(null);
  const nameId = useId();
  const traitsId = useId();
  const fileId = useId();
  const save = useMutation({
    mutationFn: () => {
      const upload = picture ? { picture: { base64: picture.base64 } } : {};
      return character
        ? bridgeClient.call('characters.update', { characterId: character.id, name, traits: traitsOf(traits), ...upload })
        : bridgeClient.call('characters.create', { name, traits: traitsOf(traits), ...upload });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['characters'] });
      onDone();
    },
  });

  useEffect(() => () => void (photoUrl && URL.revokeObjectURL(photoUrl)), [photoUrl]);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setPhotoUrl(URL.createObjectURL(file));
    event.target.value = '';
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="panel stack character-form" onSubmit={submit} aria-label={character ? `Change ${character.name}` : 'New character'}>
      <div className="row">
        <div className="field grow">
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} maxLength={60} required />
        </div>
        <div className="field grow">
          <label htmlFor={traitsId}>What they are like (commas between)</label>
          <input id={traitsId} value={traits} onChange={(event) => setTraits(event.target.value)} placeholder="orange fur, green scarf, loves puddles" />
        </div>
      </div>
      {photoUrl ? (
        <PictureCropper
          url={photoUrl}
          onCropped={(base64) => {
            setPicture({ base64, preview: `data:image/jpeg;base64,${base64}` });
            setPhotoUrl(null);
          }}
          onCancel={() => setPhotoUrl(null)}
        />
      ) : (
        <div className="row picture-choice">
          {picture && <img className="character-preview" src={picture.preview} alt="The new picture" />}
          <div className="field">
            <label htmlFor={fileId}>{picture || character?.thumbnailAssetSha256 ? 'Choose another picture' : 'Choose a picture'}</label>
            <input id={fileId} type="file" accept="image/jpeg,image/png,image/webp" onChange={choose} />
          </div>
        </div>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending || photoUrl !== null}>
          {character ? 'Save changes' : 'Save character'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}
