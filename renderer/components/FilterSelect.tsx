import type { Option } from '../forms/Fields';

/** A compact labelled select in a list's filter bar; `blank` labels the choice that filters nothing out (“Any”). */
export function FilterSelect({
  label,
  value,
  onChange,
  options,
  blank,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  blank?: string;
}) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select className="input select input-compact" value={value} onChange={(event) => onChange(event.target.value)}>
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
