import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { chinaDate } from '../clock.js';
import { consultationSearchRepo } from '../ledger/consultationSearch.js';
import { dashboardRepo } from '../ledger/dashboard.js';
import { guideDraftsRepo } from '../ledger/guideDrafts.js';
import { handoffQueueRepo } from '../ledger/handoffQueue.js';
import { knowledgeGapsRepo } from '../ledger/knowledgeGaps.js';
import { reviewsRepo } from '../ledger/reviews.js';
import { sessionsRepo } from '../ledger/sessions.js';
import { requireCsrf, requireSession } from './auth.js';
import type { Office, OfficeDeps, OfficeEnv } from './context.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes, logoutRoute } from './routes/auth.js';
import { consultationRoutes } from './routes/consultations.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { draftRoutes } from './routes/drafts.js';
import { gapRoutes } from './routes/gaps.js';
import { handoffRoutes } from './routes/handoffs.js';
import { enterpriseRoutes } from './routes/enterprises.js';
import { knowledgeRoutes } from './routes/knowledge.js';
import { noticeRoutes } from './routes/notices.js';
import { staffRoutes } from './routes/staff.js';
import { KnowledgeJob } from './knowledge/job.js';
import { MAX_UPLOAD_BYTES } from './knowledge/prepare.js';
import { OFFICE_CSS } from './views/css.js';
import { COMPOSE_JS } from './views/compose-js.js';
import { errorPage } from './views/layout.js';

export type { OfficeDeps, OfficeHandoff, OutreachDeps } from './context.js';
export type { KnowledgeDeps } from './knowledge/deps.js';
export { RetrieverSwap } from './knowledge/swap.js';
export { hashPassword, verifyPassword } from './password.js';

/**
 * The office console (工作台): sign-in, consultation log, enterprise ledger, dashboard, knowledge,
 * knowledge gaps, card drafts, staff. Server-rendered pages plus a JSON API under /api; mount it with
 *   app.route('/office', officeApp({ ledger }))
 */
export function officeApp(deps: OfficeDeps): Hono {
  const db = deps.ledger.db;
  const base = (deps.basePath ?? '/office').replace(/\/$/, '');
  const now = deps.now ?? (() => new Date());
  const office: Office = {
    ledger: deps.ledger,
    base,
    home: base || '/',
    secureCookies: deps.secureCookies ?? 'auto',
    trustProxy: deps.trustProxy ?? false,
    sessionMs: (deps.sessionHours ?? 8) * 3_600_000,
    log: deps.log,
    sessions: sessionsRepo(db),
    reviews: reviewsRepo(db),
    search: consultationSearchRepo(db),
    dashboard: dashboardRepo(db),
    knowledge: deps.knowledge,
    handoff: deps.handoff,
    outreach: deps.outreach,
    knowledgeJob: new KnowledgeJob(),
    drafts: guideDraftsRepo(db),
    queue: handoffQueueRepo(db),
    gaps: knowledgeGapsRepo(db),
    now,
    today: () => chinaDate(now()),
  };

  const tooLarge = (c: Context) =>
    c.req.path.includes('/api/') ? c.json({ error: '提交的内容太大' }, 413) : c.html(errorPage(office, '内容太大', '提交的内容太大（文件不超过10MB）。'), 413);

  const app = new Hono<OfficeEnv>();
  app.use('*', async (c, next) => {
    // '/office/' and '/office' are the same page (the parent app's router may be strict about the slash).
    if (office.base && c.req.path === `${office.base}/`) return c.redirect(office.base + new URL(c.req.url).search, 301);
    await next();
    c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  app.get('/static/office.css', (c) => c.body(OFFICE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
  app.get('/static/compose.js', (c) => c.body(COMPOSE_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }));
  app.use('/login', bodyLimit({ maxSize: 64 * 1024, onError: tooLarge }));
  app.route('/', authRoutes(office));

  // Everything below needs a session, and a CSRF token on anything that changes state.
  const secured = new Hono<OfficeEnv>();
  secured.use('*', requireSession(office), bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 1024 * 1024, onError: tooLarge }), requireCsrf(office));
  secured.route('/', logoutRoute(office));
  secured.route('/', dashboardRoutes(office));
  secured.route('/', consultationRoutes(office));
  secured.route('/', enterpriseRoutes(office));
  secured.route('/', staffRoutes(office));
  secured.route('/', auditRoutes(office));
  secured.route('/', knowledgeRoutes(office));
  secured.route('/', noticeRoutes(office));
  secured.route('/', handoffRoutes(office));
  secured.route('/', draftRoutes(office));
  secured.route('/', gapRoutes(office));
  secured.notFound((c) => c.html(errorPage(office, '页面不存在', '您要找的页面不存在。'), 404));
  app.route('/', secured);

  app.onError((err, c) => {
    office.log?.error({ err, path: c.req.path }, 'office console error');
    if (c.req.path.includes('/api/')) return c.json({ error: '服务器出错，请稍后再试' }, 500);
    return c.html(errorPage(office, '出错了', '服务器处理时出错，请稍后再试。如多次出现请联系管理员。'), 500);
  });
  return app as unknown as Hono;
}
