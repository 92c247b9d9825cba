import { useId } from 'react';

/** A labelled drop-down of plain values, each shown by `label`. */
export function SelectField<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
  optionLabel?: (value: T) => string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(props.options[event.target.selectedIndex]!)}>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {props.optionLabel ? props.optionLabel(option) : option}
          </option>
        ))}
      </select>
    </div>
  );
}
