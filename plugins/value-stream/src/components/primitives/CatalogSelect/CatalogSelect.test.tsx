import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { CatalogSelect } from './CatalogSelect';

describe('CatalogSelect', () => {
  it('offers the empty choice and the catalog options', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <CatalogSelect
        id="owner"
        label="Owner"
        emptyLabel="All owners"
        what="owners"
        value=""
        onChange={onChange}
        options={{ options: [{ ref: 'group:default/web', title: 'Web' }] }}
      />,
    );
    fireEvent.mouseDown(screen.getByRole('button', { name: /Owner/ }));
    const listbox = within(screen.getByRole('listbox'));
    expect(listbox.getByRole('option', { name: 'All owners' })).toBeTruthy();
    fireEvent.click(listbox.getByRole('option', { name: 'Web' }));
    expect(onChange).toHaveBeenCalledWith('group:default/web');
  });

  it('says when the catalog could not be read', async () => {
    await renderInTestApp(
      <CatalogSelect
        id="system"
        label="System"
        emptyLabel="All systems"
        what="systems"
        value=""
        onChange={jest.fn()}
        options={{ options: [], error: new Error('offline') }}
      />,
    );
    expect(
      screen.getByText('Could not load systems from the catalog'),
    ).toBeInTheDocument();
  });
});
