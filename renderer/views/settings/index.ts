/** Settings sections owned here: who uses this device (and its first-run banner), the team's health rules. */
import './settings.css';

export { BackupsSection } from './BackupsSection';
export { HealthSettingsSection } from './HealthSettingsSection';
export { MeBanner, MeSection } from './MeSection';
export { useMe, useSetMe } from './meQueries';
