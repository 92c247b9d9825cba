import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type Announcements, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { PageView } from '../../../src-preload/contract';
import { BookIcon } from '../app/icons';
import { StoredPicture } from '../bridge/stored-picture';

const PAGE_STATUS: Record<PageView['generateStatus'], string> = {
  pending: 'Not made yet',
  generating: 'Being made',
  complete: 'Ready',
  failed: 'Could not be drawn',
  held: 'Waiting for a grown-up',
};

interface StripProps {
  pages: PageView[];
  selectedId: string | null;
  /** What is happening to a page being made right now, by page id. */
  liveSteps: Map<string, string>;
  canReorder: boolean;
  onSelect(pageId: string): void;
  onReorder(pageIds: string[]): void;
}

/**
 * The book's pages in order. Choose one to edit it; move one by dragging its handle, or from the
 * keyboard: focus the handle, Space to pick it up, arrow keys to move it, Space to put it down.
 */
export function PageStrip({ pages, selectedId, liveSteps, canReorder, onSelect, onReorder }: StripProps) {
  const sensors = useSensors(
    // A small movement before a drag starts, so a click on the handle stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = pages.map((page) => page.id);
  const numberOf = (id: string | number) => ids.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up page ${numberOf(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `Page ${numberOf(active.id)} would go to place ${numberOf(over.id)}.` : undefined),
    onDragEnd: ({ active, over }) => (over ? `Page ${numberOf(active.id)} is now page ${numberOf(over.id)}.` : `Page ${numberOf(active.id)} was put back.`),
    onDragCancel: ({ active }) => `Moving stopped; page ${numberOf(active.id)} stays where it was.`,
  };

  const dropped = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onReorder(arrayMove(ids, ids.indexOf(String(active.id)), ids.indexOf(String(over.id))));
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={dropped}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: 'To move a page, press Space, then the arrow keys, then Space again to put it down. Escape puts it back.' },
      }}
    >
      <SortableContext items={ids} strategy={rectSortingStrategy} disabled={!canReorder}>
        <ol className="page-strip" aria-label="Pages">
          {pages.map((page, index) => (
            <StripPage
              key={page.id}
              page={page}
              number={index + 1}
              selected={page.id === selectedId}
              liveStep={liveSteps.get(page.id) ?? null}
              canReorder={canReorder}
              onSelect={() => onSelect(page.id)}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function StripPage(props: { page: PageView; number: number; selected: boolean; liveStep: string | null; canReorder: boolean; onSelect(): void }) {
  const { page, number } = props;
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: page.id, disabled: !props.canReorder });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`strip-page page-${page.generateStatus}${props.selected ? ' selected' : ''}${isDragging ? ' dragging' : ''}`}
      aria-label={`Page ${number}`}
    >
      <button type="button" className="strip-choose" onClick={props.onSelect} aria-pressed={props.selected}>
        <span className="page-picture">{page.thumbnailAssetSha256 ? <StoredPicture sha256={page.thumbnailAssetSha256} alt="" /> : <BookIcon />}</span>
        <span className="page-status">
          <strong>Page {number}</strong> {props.liveStep ?? PAGE_STATUS[page.generateStatus]}
        </span>
      </button>
      {props.canReorder && (
        <button type="button" className="strip-handle" {...attributes} {...listeners} aria-label={`Move page ${number}`}>
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
            <circle cx="7" cy="5" r="1.6" />
            <circle cx="13" cy="5" r="1.6" />
            <circle cx="7" cy="10" r="1.6" />
            <circle cx="13" cy="10" r="1.6" />
            <circle cx="7" cy="15" r="1.6" />
            <circle cx="13" cy="15" r="1.6" />
          </svg>
        </button>
      )}
    </li>
  );
}
