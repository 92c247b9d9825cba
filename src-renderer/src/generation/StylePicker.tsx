import { ART_STYLES } from '../../../src-preload/contract';

type ArtStyle = (typeof ART_STYLES)[number];

const STYLE_LABEL: Record<ArtStyle, string> = {
  watercolor: 'Watercolour',
  crayon: 'Crayon',
  'paper-cut': 'Paper cut-outs',
  storybook: 'Classic storybook',
  clay: 'Clay figures',
};

/**
 * The same little scene (a hill, a sun, a friend) drawn the way each style looks, so a child can
 * choose by eye. Drawn here, not fetched: it works offline and costs nothing.
 */
function StyleExample({ style }: { style: ArtStyle }) {
  const filter = { watercolor: 'url(#style-wash)', crayon: 'url(#style-crayon)', 'paper-cut': 'url(#style-paper)', storybook: undefined, clay: 'url(#style-clay)' }[style];
  const outline = style === 'storybook' ? { stroke: '#3b2a1a', strokeWidth: 2.5 } : {};
  return (
    <svg viewBox="0 0 120 90" aria-hidden="true" focusable="false" className="style-example">
      <rect width="120" height="90" fill={style === 'paper-cut' ? '#f7e7c6' : '#dff1fb'} />
      <g filter={filter}>
        <circle cx="92" cy="22" r="12" fill="#f6b73c" {...outline} />
        <path d="M-5 90 Q30 40 70 62 T130 58 V95 H-5Z" fill={style === 'clay' ? '#6bb36b' : '#8fcf7a'} {...outline} />
        <ellipse cx="48" cy="60" rx="10" ry="13" fill="#9b7fd1" {...outline} />
        <circle cx="48" cy="42" r="8" fill="#f8d7b5" {...outline} />
      </g>
    </svg>
  );
}

/** Filters the examples share; defined once for the page. */
function StyleFilters() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" className="style-filters">
      <filter id="style-wash">
        <feTurbulence type="fractalNoise" baseFrequency="0.04" numOctaves="2" seed="3" />
        <feDisplacementMap in="SourceGraphic" scale="6" />
        <feGaussianBlur stdDeviation="1.2" />
      </filter>
      <filter id="style-crayon">
        <feTurbulence type="turbulence" baseFrequency="0.9" numOctaves="1" seed="7" result="grain" />
        <feDisplacementMap in="SourceGraphic" in2="grain" scale="3" result="rough" />
        <feComposite in="rough" in2="grain" operator="in" />
      </filter>
      <filter id="style-paper">
        <feDropShadow dx="1.5" dy="2" stdDeviation="0.8" floodOpacity="0.45" />
      </filter>
      <filter id="style-clay">
        <feGaussianBlur in="SourceAlpha" stdDeviation="2" result="blur" />
        <feSpecularLighting in="blur" surfaceScale="4" specularConstant="0.6" specularExponent="18" lightingColor="#ffffff" result="shine">
          <fePointLight x="20" y="-20" z="60" />
        </feSpecularLighting>
        <feComposite in="shine" in2="SourceAlpha" operator="in" result="shineInside" />
        <feComposite in="SourceGraphic" in2="shineInside" operator="arithmetic" k2="1" k3="0.7" />
      </filter>
    </svg>
  );
}

/** The art styles as big picture buttons, chosen like radio buttons (arrow keys move between them). */
export function StylePicker({ value, onChange }: { value: ArtStyle; onChange(style: ArtStyle): void }) {
  return (
    <fieldset className="style-picker">
      <legend>How the pictures look</legend>
      <StyleFilters />
      <div className="style-options">
        {ART_STYLES.map((style) => (
          <label key={style} className={`style-option${style === value ? ' chosen' : ''}`}>
            <input type="radio" name="art-style" value={style} checked={style === value} onChange={() => onChange(style)} />
            <StyleExample style={style} />
            <span>{STYLE_LABEL[style]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
