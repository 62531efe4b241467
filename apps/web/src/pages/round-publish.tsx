import { FileWordOutlined, GlobalOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download } from '../api/client';
import type { PublicationList, PublicationView, Round } from '../api/types';
import { formatDateTime } from '../components/format';
import { useLoad, type Loaded } from '../hooks/use-load';
import { describeError, explainApiMessage } from '../i18n/api-messages';

interface Values {
  from?: string;
  to?: string;
}

/** The public page's address for a slug, on this server. */
export function publicUrl(slug: string): string {
  return `${window.location.origin}/public/rounds/${encodeURIComponent(slug)}`;
}

/** The round's publications, for those who may read them (the office and organisation-wide roles). */
export function usePublications(roundId: string, enabled: boolean): Loaded<PublicationList> {
  return useLoad(
    () =>
      enabled
        ? api.get<PublicationList>(`/rounds/${roundId}/publications`)
        : Promise.resolve({ items: [] }),
    [roundId, enabled],
  );
}

/** The newest publication's public link, as the round page shows it. */
export function PublicLink({ publication }: { publication: PublicationView }) {
  const { t } = useTranslation();
  const url = publicUrl(publication.slug);
  return (
    <Space wrap size={4} className="public-link">
      <Typography.Link
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        data-testid="public-link"
      >
        {t('publication.open')}
      </Typography.Link>
      <Typography.Text copyable={{ text: url }} type="secondary" className="small">
        {t('publication.window', { from: publication.from, to: publication.to })}
      </Typography.Text>
    </Space>
  );
}

/**
 * 发布: the office publishes the round's public report for a window (the imported 公开期限
 * unless changed); once published, the link, the earlier versions and the public version's
 * Word file are in the same dialog.
 */
export function PublishButton({
  round,
  publications,
}: {
  round: Pick<Round, 'id' | 'title' | 'publication'>;
  publications: Loaded<PublicationList>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const items = publications.data?.items ?? [];
  const latest = items[0];

  const publish = async (v: Values) => {
    setBusy(true);
    try {
      const done = await api.post<PublicationView>(`/rounds/${round.id}/publish`, {
        from: v.from || undefined,
        to: v.to || undefined,
      });
      void message.success(t('publication.published', { version: done.version }));
      await publications.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const fields = new Set(err.errors.map((e) => e.field));
        form.setFields(
          (['from', 'to'] as const)
            .filter((f) => fields.has(f))
            .map((name) => ({
              name,
              errors: err.errors
                .filter((e) => e.field === name)
                .map((e) => explainApiMessage(e.message, t, err.errors)),
            })),
        );
        if (![...fields].some((f) => f === 'from' || f === 'to'))
          void message.error(describeError(err, t));
      } else void message.error(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        icon={<GlobalOutlined />}
        onClick={() => {
          form.setFieldsValue({
            from: latest?.from ?? round.publication?.from ?? '',
            to: latest?.to ?? round.publication?.to ?? '',
          });
          setOpen(true);
        }}
        data-testid="open-publish"
      >
        {t('publication.publish')}
      </Button>
      <Modal
        open={open}
        title={t('publication.title')}
        okText={t('publication.submit')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        width={720}
      >
        <Typography.Paragraph type="secondary">{t('publication.help')}</Typography.Paragraph>
        <Form
          form={form}
          name="publish"
          layout="vertical"
          onFinish={(v) => void publish(v)}
          className="publish-form"
        >
          <Space wrap size="middle" align="start">
            <Form.Item
              name="from"
              label={t('publication.from')}
              rules={[{ required: true, message: t('publication.fromRequired') }]}
            >
              <Input type="date" data-testid="publish-from" />
            </Form.Item>
            <Form.Item
              name="to"
              label={t('publication.to')}
              rules={[{ required: true, message: t('publication.toRequired') }]}
            >
              <Input type="date" data-testid="publish-to" />
            </Form.Item>
          </Space>
          {round.publication?.from && (
            <Typography.Paragraph type="secondary" className="small">
              {t('publication.fromImport')}
            </Typography.Paragraph>
          )}
        </Form>
        {latest && (
          <div className="publish-current" data-testid="publish-current">
            <Typography.Text strong>{t('publication.link')}：</Typography.Text>{' '}
            <Typography.Link
              href={publicUrl(latest.slug)}
              target="_blank"
              rel="noopener noreferrer"
              copyable={{ text: publicUrl(latest.slug) }}
              className="publish-url"
            >
              {publicUrl(latest.slug)}
            </Typography.Link>
          </div>
        )}
        <Space wrap className="publish-tools">
          <Button
            icon={<FileWordOutlined />}
            onClick={() =>
              void download(
                `/rounds/${round.id}/report?format=docx&version=public`,
                `${round.title}-整改通报（公开版）.docx`,
              ).catch((err: unknown) => void message.error(describeError(err, t)))
            }
            data-testid="download-public-docx"
          >
            {t('publication.downloadPublic')}
          </Button>
        </Space>
        {items.length > 0 && (
          <Table
            size="small"
            rowKey="id"
            className="publish-history"
            pagination={false}
            scroll={{ x: true }}
            caption={t('publication.history')}
            dataSource={items}
            columns={[
              {
                key: 'version',
                title: t('publication.versionCol'),
                render: (_: unknown, p: PublicationView) =>
                  t('publication.version', { version: p.version }),
              },
              {
                key: 'window',
                title: t('publication.windowCol'),
                render: (_: unknown, p: PublicationView) =>
                  t('publication.window', { from: p.from, to: p.to }),
              },
              {
                key: 'withheld',
                title: t('disclosure.withheld'),
                render: (_: unknown, p: PublicationView) => p.withheldCount,
              },
              {
                key: 'at',
                title: t('publication.publishedAtCol'),
                render: (_: unknown, p: PublicationView) => formatDateTime(p.publishedAt),
              },
              {
                key: 'hash',
                title: 'SHA-256',
                render: (_: unknown, p: PublicationView) => (
                  <Typography.Text code copyable={{ text: p.textHash }}>
                    {p.textHash.slice(0, 12)}
                  </Typography.Text>
                ),
              },
            ]}
          />
        )}
      </Modal>
    </>
  );
}
