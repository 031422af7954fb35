import Link from 'next/link'
import { formatBytes } from '@/components/documents/format'
import { Card, CardBody, CardHeader } from '@/components/ui'
import { HOME_PERIODS, type HomeStats } from '@/lib/analytics/home'
import { formatDate, type Locale, type Translate } from '@/lib/i18n'
import styles from './analytics.module.css'

/** The dashboard home's figures for a period and its recent conversations. */
export function HomeOverview({ stats, t, locale }: { stats: HomeStats; t: Translate; locale: Locale }) {
  const number = (value: number) => new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB').format(value)
  const used = stats.storageLimitBytes ? Math.min(1, stats.storageBytes / stats.storageLimitBytes) : 0
  return (
    <section className="stack" aria-labelledby="home-stats">
      <div className={styles.rangeForm}>
        <h2 id="home-stats">{t('home.days', { days: stats.days })}</h2>
        <nav className={styles.presets} aria-label={t('home.period')}>
          {HOME_PERIODS.map((days) => (
            <Link key={days} href={`/workspaces?days=${days}`} className={`btn btn-sm ${days === stats.days ? 'btn-secondary' : 'btn-ghost'}`} aria-current={days === stats.days ? 'page' : undefined}>
              {t(`analytics.range.last${days}`)}
            </Link>
          ))}
        </nav>
      </div>
      <dl className={styles.kpis}>
        <div className={styles.kpi}>
          <dt>{t('home.workspaces')}</dt>
          <dd>{number(stats.workspaces)}</dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('home.documents')}</dt>
          <dd>{number(stats.documents)}</dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('home.conversations')}</dt>
          <dd data-testid="home-conversations">{number(stats.conversations)}</dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('home.messages')}</dt>
          <dd data-testid="home-messages">{number(stats.messages)}</dd>
        </div>
        <div className={styles.kpi}>
          <dt>{t('home.storage')}</dt>
          <dd>
            {formatBytes(stats.storageBytes, locale)}
            <span className={styles.kpiNote}>{t('home.storageOf', { used: `${Math.round(used * 100)} %`, limit: formatBytes(stats.storageLimitBytes, locale) })}</span>
            <meter min={0} max={1} value={used} high={0.9} aria-label={t('home.storage')} style={{ width: '100%' }} />
          </dd>
        </div>
      </dl>
      <Card aria-labelledby="home-recent">
        <CardHeader title={<span id="home-recent">{t('home.recent')}</span>} />
        <CardBody>
          {stats.recent.length === 0 ? (
            <p className="subtle">{t('home.noRecent')}</p>
          ) : (
            <ul className={styles.questions}>
              {stats.recent.map((c) => (
                <li key={c.id} className={styles.questionHead}>
                  <Link href={`/workspaces/${c.workspaceId}/chat/${c.id}`}>{c.title || t('home.untitled')}</Link>
                  <span className="subtle">
                    {c.workspaceName} · {t(`analytics.source.${c.channel}`)} · {formatDate(c.lastMessageAt, locale, true)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
    </section>
  )
}
