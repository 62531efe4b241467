import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { Notice, NoticePage, NoticeReadAllAnswer } from '../api/types';
import { formatDateTime } from '../components/format';
import { noticeText } from '../i18n/notice-text';
import { useLoad } from '../hooks/use-load';

const POLL_MS = 30_000;

/** The bell: unread count, newest notices; opening one marks it read and goes to its finding. */
export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const notices = useLoad(() => api.get<NoticePage>('/notifications?pageSize=15'), []);
  const { reload } = notices;

  // Reminders and escalations arrive by timers, so look again now and then and on navigation.
  useEffect(() => {
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  useEffect(() => {
    void reload();
  }, [location.pathname, reload]);

  const unread = notices.data?.unread ?? 0;

  const openNotice = async (n: Notice) => {
    setOpen(false);
    if (!n.read) await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
    void reload();
    if (n.findingId) void navigate(`/findings/${n.findingId}`);
  };

  const content = (
    <div className="notice-panel">
      {notices.data && notices.data.items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} />
      )}
      <ul className="notice-list" aria-label={t('notice.title')}>
        {notices.data?.items.map((n) => (
          <li key={n.id}>
            <button
              type="button"
              className={`notice ${n.read ? 'notice-read' : 'notice-unread'}`}
              onClick={() => void openNotice(n)}
            >
              <Space size={6} wrap>
                {!n.read && <Badge status="processing" aria-label={t('notice.unread')} />}
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
              </Space>
              <div className="small">{noticeText(n, i18n.language).body}</div>
              <div className="muted small">{formatDateTime(n.createdAt)}</div>
            </button>
          </li>
        ))}
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
