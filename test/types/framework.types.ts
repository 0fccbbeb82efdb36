/**
 * Compile-time expectations of the framework's typing (checked by `npm run typecheck`; the
 * `@ts-expect-error` lines fail the build if the error they expect goes away).
 */
import type { Board, BoardCollection, Card, Workspace, WorkspaceCollection } from '../fixtures/framework-entities.js';

declare const workspace: Workspace;
declare const workspaces: WorkspaceCollection;
declare const board: Board;
declare const boards: BoardCollection;
declare const card: Card;

export async function typedSurface(): Promise<void> {
  const name: string = workspace.getName();
  const status: 'open' | 'frozen' | 'closed' = workspace.getStatus();
  const secret: string | undefined = workspace.getApiSecret();
  const tags: string[] = workspace.getTags();
  workspace.setName('x').setStatus('frozen');
  // @ts-expect-error readOnly attributes have no setter
  workspace.setSlug('other');
  // @ts-expect-error internal attributes have no setter
  workspace.setClosedAt('2026-01-01T00:00:00.000Z');
  // @ts-expect-error a status outside the enum
  workspace.setStatus('deleted');
  // @ts-expect-error a required attribute cannot be cleared
  workspace.setName(undefined);
  workspace.setHomepage(undefined);

  const created: Workspace = await workspaces.create({ organizationId: 'o', slug: 's', name: 'n' });
  // @ts-expect-error name is required
  await workspaces.create({ organizationId: 'o', slug: 's' });
  // @ts-expect-error createdAt is set by the library
  await workspaces.create({ organizationId: 'o', slug: 's', name: 'n', createdAt: 'x' });

  const byOrg: Workspace[] = await workspaces.allByOrganizationId('o');
  const byStatus: Workspace[] = await workspaces.allByOrganizationIdAndStatus('o', 'open', { limit: 2 });
  const one: Workspace | null = await workspaces.findByOrganizationIdAndStatusAndSlug('o', 'open', 's');
  // @ts-expect-error a status outside the enum
  await workspaces.allByOrganizationIdAndStatus('o', 'deleted');
  // @ts-expect-error there is no index whose keys start with slug
  await workspaces.allBySlug('s');

  const parent: Workspace | null = await board.getWorkspace();
  const siblings: Board[] = await parent!.getBoards();
  const inWorkspace: Board[] = await boards.allByWorkspaceIdAndPosition('w', 1);
  // @ts-expect-error cards are immutable: no setters
  card.setText('x');
  void [name, status, secret, tags, created, byOrg, byStatus, one, siblings, inWorkspace];
}
