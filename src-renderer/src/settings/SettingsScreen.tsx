import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IMAGE_PROVIDERS, SPEECH_PROVIDERS, TEXT_PROVIDERS, type GenerationSettingsView, type ProviderSettings } from '../../../src-preload/contract';
import { ErrorNote } from '../app/ErrorNote';
import { SelectField } from '../app/SelectField';
import { bridgeClient } from '../bridge/client';
import { FamilySyncPanel } from '../sync/FamilySyncPanel';
import { BackupsPanel } from './BackupsPanel';

type ProviderName = (typeof TEXT_PROVIDERS)[number] | (typeof IMAGE_PROVIDERS)[number];

const PROVIDER_WORDS: Record<ProviderName, string> = {
  offline: 'Offline drafts (no service, free)',
  openai: 'OpenAI',
  'storysprout-cloud': 'StorySprout Cloud: books made through the family’s subscription, no key of your own',
  'openai-compatible': 'A local model (Ollama or another OpenAI-compatible server)',
  automatic1111: 'Stable Diffusion (Automatic1111)',
  comfyui: 'ComfyUI',
};

const SPEECH_WORDS: Record<(typeof SPEECH_PROVIDERS)[number], string> = {
  openai: 'OpenAI’s voices (needs the key above)',
  'openai-compatible': 'A speech server of your own (Kokoro, Speaches): narration stays on your network',
};
const PACES = [0.75, 0.9, 1, 1.1, 1.25] as const;

/** Family sync, where stories and pictures come from, the key for them, and what each call costs. For grown-ups. */
export function SettingsScreen() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => bridgeClient.call('settings.get', {}) });
  if (settings.error) return <ErrorNote error={settings.error} />;
  if (!settings.data) return <p aria-live="polite">Opening the settings…</p>;
  return (
    <section aria-labelledby="settings-title" className="stack settings">
      <h2 id="settings-title">Settings</h2>
      <p>
        New books use <strong>{settings.data.effective.text}</strong> for stories and <strong>{settings.data.effective.image}</strong> for pictures.
      </p>
      <FamilySyncPanel />
      <KeyForm />
      <ProvidersForm settings={settings.data} />
      <PricesForm prices={settings.data.prices} />
      <BackupsPanel />
    </section>
  );
}

function KeyForm() {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['settings', 'secrets'], queryFn: () => bridgeClient.call('secrets.status', {}) });
  const [key, setKey] = useState('');
  const id = useId();
  const save = useMutation({
    mutationFn: (value: string) => bridgeClient.call('secrets.set', { name: 'openai-api-key', value }),
    onSuccess: () => {
      setKey('');
      return queryClient.invalidateQueries({ queryKey: ['settings'] });
    },
  });
  const allowWeak = useMutation({
    mutationFn: () => bridgeClient.call('secrets.allowWeakStorage', { allow: true }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['settings'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(key);
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>OpenAI key</h3>
      {status.data && (
        <p>
          {status.data.openaiApiKey === 'set' ? 'A key is saved.' : 'No key yet: books are offline drafts.'}{' '}
          {status.data.storage === 'os-keychain' ? 'Keys are kept in this computer’s keychain.' : 'The key comes from the OPENAI_API_KEY setting of this computer.'}
        </p>
      )}
      {status.data?.weakStorage === 'refused' && (
        <p className="hint">
          This computer has no keychain to lock the key in.{' '}
          <button type="button" onClick={() => allowWeak.mutate()}>
            Keep it in a file only this account can read
          </button>
        </p>
      )}
      <div className="row">
        <div className="field grow">
          <label htmlFor={id}>New key</label>
          <input id={id} type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} placeholder="sk-…" required />
        </div>
        <button type="submit" className="primary" disabled={save.isPending} style={{ alignSelf: 'flex-end' }}>
          Save the key
        </button>
      </div>
      {[status.error, save.error, allowWeak.error].map((error, index) => error && <ErrorNote key={index} error={error} />)}
    </form>
  );
}

function ProvidersForm({ settings }: { settings: GenerationSettingsView }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<ProviderSettings>(settings.providers);
  const save = useMutation({
    mutationFn: (providers: ProviderSettings) => bridgeClient.call('settings.setProviders', providers),
    onSuccess: (view) => queryClient.setQueryData(['settings'], view),
  });
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const url = (value: string) => (value.trim() ? { baseUrl: value.trim() } : undefined);
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Where stories and pictures come from</h3>
      <div className="row">
        <SelectField label="Stories" value={draft.text ?? 'offline'} options={TEXT_PROVIDERS} optionLabel={(name) => PROVIDER_WORDS[name]} onChange={(text) => setDraft({ ...draft, text })} />
        <SelectField label="Pictures" value={draft.image ?? 'offline'} options={IMAGE_PROVIDERS} optionLabel={(name) => PROVIDER_WORDS[name]} onChange={(image) => setDraft({ ...draft, image })} />
      </div>
      <p className="hint">{settings.pictureReferences.detail}</p>
      <div className="row">
        <TextField label="OpenAI story model" value={draft.openai.textModel} onChange={(textModel) => setDraft({ ...draft, openai: { ...draft.openai, textModel } })} />
        <TextField label="OpenAI picture model" value={draft.openai.imageModel} onChange={(imageModel) => setDraft({ ...draft, openai: { ...draft.openai, imageModel } })} />
      </div>
      <div className="row">
        <TextField
          label="Local model server address (Ollama)"
          value={draft.openaiCompatible?.baseUrl ?? ''}
          placeholder="http://127.0.0.1:11434/v1"
          onChange={(baseUrl) => setDraft({ ...draft, openaiCompatible: baseUrl.trim() ? { baseUrl: baseUrl.trim(), model: draft.openaiCompatible?.model ?? 'llama3.2' } : undefined })}
        />
        <TextField
          label="Local model name"
          value={draft.openaiCompatible?.model ?? ''}
          placeholder="llama3.2"
          onChange={(model) => draft.openaiCompatible && setDraft({ ...draft, openaiCompatible: { ...draft.openaiCompatible, model } })}
        />
      </div>
      <div className="row">
        <TextField label="Automatic1111 address" value={draft.automatic1111?.baseUrl ?? ''} placeholder="http://127.0.0.1:7860" onChange={(value) => setDraft({ ...draft, automatic1111: url(value) })} />
        <TextField label="ComfyUI address" value={draft.comfyui?.baseUrl ?? ''} placeholder="http://127.0.0.1:8188" onChange={(value) => setDraft({ ...draft, comfyui: url(value) })} />
      </div>
      <SelectField
        label="Pictures drawn at once"
        value={draft.imageConcurrency}
        options={[1, 2, 3, 4, 6, 8] as const}
        onChange={(imageConcurrency) => setDraft({ ...draft, imageConcurrency })}
      />
      <label className="check">
        <input type="checkbox" checked={draft.reviewCast} onChange={(event) => setDraft({ ...draft, reviewCast: event.target.checked })} />
        Show the cast before drawing a book’s pages
      </label>
      <SelectField
        label="Redraws of a page whose characters look different"
        value={draft.consistencyRedraws}
        options={[0, 1, 2, 3] as const}
        onChange={(consistencyRedraws) => setDraft({ ...draft, consistencyRedraws })}
      />
      <p className="hint">{settings.consistency.available ? settings.consistency.detail : `Off: ${settings.consistency.detail}`}</p>
      <h4>Reading books aloud</h4>
      <div className="row">
        <SelectField label="Voices" value={draft.speech ?? 'openai'} options={SPEECH_PROVIDERS} optionLabel={(name) => SPEECH_WORDS[name]} onChange={(speech) => setDraft({ ...draft, speech })} />
        <TextField label="Voice" value={draft.narration.voice} placeholder="coral" onChange={(voice) => setDraft({ ...draft, narration: { ...draft.narration, voice } })} />
        <SelectField
          label="Pace"
          value={PACES.find((pace) => pace === draft.narration.speed) ?? 1}
          options={PACES}
          optionLabel={(pace) => (pace === 1 ? 'The voice’s own' : `${pace}×`)}
          onChange={(speed) => setDraft({ ...draft, narration: { ...draft.narration, speed } })}
        />
      </div>
      <div className="row">
        <TextField
          label="Speech server address"
          value={draft.speechCompatible?.baseUrl ?? ''}
          placeholder="http://127.0.0.1:8880/v1"
          onChange={(baseUrl) => setDraft({ ...draft, speechCompatible: baseUrl.trim() ? { baseUrl: baseUrl.trim(), model: draft.speechCompatible?.model ?? 'kokoro' } : undefined })}
        />
        <TextField
          label="Speech model"
          value={draft.speechCompatible?.model ?? ''}
          placeholder="kokoro"
          onChange={(model) => draft.speechCompatible && setDraft({ ...draft, speechCompatible: { ...draft.speechCompatible, model } })}
        />
        <TextField
          label="Its transcription model (optional)"
          value={draft.speechCompatible?.transcriptionModel ?? ''}
          placeholder="whisper-1"
          onChange={(name) => draft.speechCompatible && setDraft({ ...draft, speechCompatible: { ...draft.speechCompatible, transcriptionModel: name.trim() || undefined } })}
        />
      </div>
      <p className="hint">Without a transcription model, the words are timed from the recording itself, by their syllables and the pauses between them.</p>
      <button type="submit" className="primary" disabled={save.isPending}>
        Save
      </button>
      {save.isSuccess && !save.isPending && <p role="status">Saved. New books use these.</p>}
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}

function PricesForm({ prices }: { prices: Record<string, number> }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => Object.fromEntries(Object.entries(prices).map(([name, price]) => [name, String(price)])));
  const save = useMutation({
    mutationFn: (next: Record<string, number>) => bridgeClient.call('settings.setPrices', { prices: next }),
    onSuccess: (view) => queryClient.setQueryData(['settings'], view),
  });
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(Object.fromEntries(Object.entries(draft).map(([name, price]) => [name, Number(price)])));
  };
  return (
    <form className="panel stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>What each call costs (US dollars)</h3>
      <p className="hint">Used to show what a book will cost before it is made. Services change their prices; update them here.</p>
      <div className="prices">
        {Object.entries(draft).map(([name, price]) => (
          <TextField key={name} label={name} value={price} inputMode="decimal" onChange={(value) => setDraft({ ...draft, [name]: value })} />
        ))}
      </div>
      <button type="submit" className="primary" disabled={save.isPending}>
        Save prices
      </button>
      {save.isSuccess && !save.isPending && <p role="status">Prices saved.</p>}
      {save.error && <ErrorNote error={save.error} />}
    </form>
  );
}

function TextField(props: { label: string; value: string; onChange(value: string): void; placeholder?: string; inputMode?: 'decimal' }) {
  const id = useId();
  return (
    <div className="field grow">
      <label htmlFor={id}>{props.label}</label>
      <input id={id} value={props.value} placeholder={props.placeholder} inputMode={props.inputMode} onChange={(event) => props.onChange(event.target.value)} />
    </div>
  );
}
