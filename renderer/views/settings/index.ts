/** Settings sections owned here: who uses this device (and its first-run banner), the team's health rules, the encrypted share's workspace. */
import './settings.css';

export { BackupsSection } from './BackupsSection';
export { HealthSettingsSection } from './HealthSettingsSection';
export { MeBanner, MeSection } from './MeSection';
export { PersonalKeySection } from './PersonalKeySection';
export { useMe, useSetMe } from './meQueries';
export { WorkspaceSection } from './WorkspaceSection';
