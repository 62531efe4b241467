import { BellOutlined, DownOutlined, UpOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { groupNotices, type NoticeGroup } from '@rectiflow/contracts/web';
import { api } from '../api/client';
import type { Notice, NoticePage, NoticeReadAllAnswer } from '../api/types';
import { formatDate, formatDateTime } from '../components/format';
import { noticeText } from '../i18n/notice-text';
import { useLoad } from '../hooks/use-load';

const POLL_MS = 30_000;

/** The bell: unread count, newest notices; opening one marks it read and goes to its finding. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  // The groups shown expanded (by key).
  const [expanded, setExpanded] = useState<string[]>([]);
  const notices = useLoad(() => api.get<NoticePage>('/notifications?pageSize=50'), []);
  const { reload } = notices;

  // Reminders and escalations arrive by timers, so look again now and then and on navigation.
  useEffect(() => {
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  // The first load is useLoad's own: only a later page asks again (one request per page).
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    void reload();
  }, [location.pathname, reload]);

  const unread = notices.data?.unread ?? 0;

  const openNotice = async (n: Notice, alsoRead: Notice[] = []) => {
    setOpen(false);
    const unreadOnes = [n, ...alsoRead].filter((x) => !x.read);
    await Promise.all(
      unreadOnes.map((x) => api.post(`/notifications/${x.id}/read`).catch(() => undefined)),
    );
    void reload();
    if (n.findingId) void navigate(`/findings/${n.findingId}`);
  };

  const line = (n: Notice, group?: NoticeGroup<Notice>) => (
    <button
      type="button"
      className={`notice ${(group ? group.unread === 0 : n.read) ? 'notice-read' : 'notice-unread'}`}
      // A group's line opens its finding and marks every notice of it read.
      onClick={() => void openNotice(n, group?.items.slice(1))}
    >
      <Space size={6} wrap>
        {!(group ? group.unread === 0 : n.read) && (
          <Badge status="processing" aria-label={t('notice.unread')} />
        )}
        <Tag
          color={
            n.kind === 'escalation' || n.kind === 'send_back'
              ? 'red'
              : n.kind === 'reminder'
                ? 'gold'
                : 'blue'
          }
        >
          {t(`notice.kinds.${n.kind}`, { defaultValue: n.kind })}
        </Tag>
        <strong>{noticeText(n, i18n.language).title}</strong>
        {group && (
          <Tag className="notice-count" data-testid="notice-count">
            {t('notice.groupCount', { count: group.items.length })}
          </Tag>
        )}
      </Space>
      <div className="small">{noticeText(n, i18n.language).body}</div>
      <div className="muted small">{formatDateTime(n.createdAt)}</div>
    </button>
  );

  const groups = groupNotices(notices.data?.items ?? [], formatDate);
  const toggle = (key: string) =>
    setExpanded((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));

  const content = (
    <div className="notice-panel">
      {notices.data && notices.data.items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} />
      )}
      <ul className="notice-list" aria-label={t('notice.title')}>
        {groups.map((g) =>
          g.items.length === 1 ? (
            <li key={g.key}>{line(g.items[0])}</li>
          ) : (
            <li key={g.key} className="notice-group" data-testid="notice-group">
              {line(g.items[0], g)}
              <Button
                type="link"
                size="small"
                className="notice-expand"
                aria-expanded={expanded.includes(g.key)}
                icon={expanded.includes(g.key) ? <UpOutlined /> : <DownOutlined />}
                onClick={() => toggle(g.key)}
              >
                {expanded.includes(g.key)
                  ? t('notice.collapse')
                  : t('notice.expand', { count: g.items.length })}
              </Button>
              {expanded.includes(g.key) && (
                <ul className="notice-list notice-group-items">
                  {g.items.map((n) => (
                    <li key={n.id}>{line(n)}</li>
                  ))}
                </ul>
              )}
            </li>
          ),
        )}
      </ul>
    </div>
  );

  const markAllRead = async () => {
    await api.post<NoticeReadAllAnswer>('/notifications/read-all').catch(() => undefined);
    void reload();
  };

  const title = (
    <Space
      className="notice-panel-title"
      style={{ justifyContent: 'space-between', width: '100%' }}
    >
      <span>{t('notice.title')}</span>
      {unread > 0 && (
        <Button size="small" type="link" onClick={() => void markAllRead()}>
          {t('notice.markAllRead')}
        </Button>
      )}
    </Space>
  );

  return (
    <Popover
      content={content}
      title={title}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      <Button
        type="text"
        className="header-button"
        aria-label={t('notice.bell', { count: unread })}
        aria-haspopup="dialog"
        data-testid="bell"
      >
        <Badge count={unread} size="small" offset={[4, -2]}>
          <BellOutlined className="header-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}
