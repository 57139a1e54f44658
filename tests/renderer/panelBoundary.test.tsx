// @vitest-environment jsdom
/**
 * A section that cannot draw a stored value fails alone: its neighbours still show, it says why
 * in the user's language, and "Try again" draws it again (issue 12: one bad value broke the page).
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Section } from '../../renderer/components/Section';
import { createI18n } from '../../renderer/i18n';

afterEach(cleanup);

let broken = true;
function Fragile() {
  if (broken) throw new RangeError('Invalid currency code : 元');
  return <p>¥1,000</p>;
}

describe('a section that fails to draw', () => {
  it('shows why in its own place, keeps the others, and draws again on Try again', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <Section title="采购记录">
          <Fragile />
        </Section>
        <Section title="关键人物">
          <p>曾毓群</p>
        </Section>
      </I18nextProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('此部分无法显示（Invalid currency code : 元）');
    expect(screen.getByRole('region', { name: '关键人物' }).textContent).toContain('曾毓群');
    expect(screen.getByRole('region', { name: '采购记录' }).contains(alert)).toBe(true);

    broken = false;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('region', { name: '采购记录' }).textContent).toContain('¥1,000');
  });
});
