import { useId, useState } from 'react';
import Cropper, { type Area } from 'react-easy-crop';
import 'react-easy-crop/react-easy-crop.css';
import { ErrorNote } from '../app/ErrorNote';
import { cropPicture } from './crop-picture';

/**
 * Frames a chosen photo as a square: drag to move it, the slider or the mouse wheel to zoom, and
 * the arrow keys move it too. The cut-out is what is sent, never the whole photo.
 */
export function PictureCropper({ url, onCropped, onCancel }: { url: string; onCropped(base64: string): void; onCancel(): void }) {
  const [crop, setCrop] = useState({ x: 0, y: 0 });
  const [zoom, setZoom] = useState(1);
  const [area, setArea] = useState<Area | null>(null);
  const [error, setError] = useState<unknown>(null);
  const zoomId = useId();
  const use = async () => {
    if (!area) return;
    try {
      onCropped(await cropPicture(url, area));
    } catch (cropError) {
      setError(cropError);
    }
  };
  return (
    <div className="cropper stack">
      <div className="cropper-frame">
        {/* Styles come from the imported stylesheet: the window's policy allows no injected <style>. */}
        <Cropper
          image={url}
          crop={crop}
          zoom={zoom}
          aspect={1}
          cropShape="round"
          onCropChange={setCrop}
          onZoomChange={setZoom}
          onCropComplete={(_, pixels) => setArea(pixels)}
          disableAutomaticStylesInjection
          keyboardStep={8}
        />
      </div>
      <div className="row cropper-controls">
        <div className="field grow">
          <label htmlFor={zoomId}>Zoom</label>
          <input id={zoomId} type="range" min={1} max={4} step={0.05} value={zoom} onChange={(event) => setZoom(Number(event.target.value))} />
        </div>
        <button type="button" className="primary" onClick={() => void use()} disabled={!area}>
          Use this picture
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error !== null && <ErrorNote error={error} />}
    </div>
  );
}
