import type { Key, ReactNode } from 'react';

export interface Item {
  key: Key;
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
}

/** A plain list (ul/li) with a title, a description and something on the right. */
export function ItemList({
  items,
  className,
  label,
}: {
  items: Item[];
  className?: string;
  label?: string;
}) {
  return (
    <ul className={`item-list ${className ?? ''}`} aria-label={label}>
      {items.map((item) => (
        <li key={item.key} className="item-list-item">
          <div className="item-list-main">
            <div className="item-list-title">{item.title}</div>
            {item.description && <div className="item-list-description">{item.description}</div>}
          </div>
          {item.extra && <div className="item-list-extra">{item.extra}</div>}
        </li>
      ))}
    </ul>
  );
}
