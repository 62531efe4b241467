import type { PublicSettings } from '@rectiflow/contracts';
import { setOrgTimeZone } from '../components/format';

/** The defaults until the deployment's own arrive (and if they cannot be read). */
let settings: PublicSettings = { orgTimeZone: 'Asia/Shanghai', passwordMinLength: 10 };

/**
 * The deployment's settings, read once before the app renders: dates are shown in its
 * ORG_TIMEZONE whatever the browser's zone, and the password form checks its minimum length.
 */
export async function loadSettings(): Promise<void> {
  try {
    const res = await fetch('/api/public/settings');
    if (res.ok) settings = (await res.json()) as PublicSettings;
  } catch {
    // Offline or an older API: the defaults stand.
  }
  setOrgTimeZone(settings.orgTimeZone);
}

export function passwordMinLength(): number {
  return settings.passwordMinLength;
}
