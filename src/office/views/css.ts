/** The console's whole stylesheet, served from /office/static/office.css (no CDN, no build step). */
export const OFFICE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2933;background:#f4f6f8}
a{color:#1a5fb4}
.top{display:flex;align-items:center;gap:24px;padding:8px 20px;background:#1a3d6d;color:#fff}
.top a{color:#dbe7f7;text-decoration:none}
.top .brand{font-weight:bold;color:#fff}
.top nav{display:flex;gap:16px;flex:1}
.top nav a.active{color:#fff;border-bottom:2px solid #ffd24d}
.top .who{display:flex;gap:8px;align-items:center;margin:0}
button.link{background:none;border:0;color:#ffd24d;cursor:pointer;padding:0;font:inherit}
main{padding:16px 24px;max-width:1280px;margin:0 auto}
h1{font-size:20px;margin:8px 0 16px}
h2{font-size:16px;margin:20px 0 8px}
.card{background:#fff;border:1px solid #d9e0e7;border-radius:6px;padding:16px;margin-bottom:16px}
.narrow{max-width:420px;margin:60px auto}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:16px}
.grid>*{min-width:0}
svg{max-width:100%;height:auto}svg.block{display:block}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d9e0e7;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef2f6;font-weight:600;white-space:nowrap}
td.num{text-align:right}
form.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;background:#fff;border:1px solid #d9e0e7;border-radius:6px;padding:12px;margin-bottom:12px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:#52606d}
label{display:block;margin:6px 0}
input,select,textarea{font:inherit;padding:4px 6px;border:1px solid #b8c4ce;border-radius:4px}
textarea{width:100%;min-height:80px}
button,.button{font:inherit;padding:5px 14px;border-radius:4px;border:1px solid #1a5fb4;background:#1a5fb4;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#1a5fb4}
.flash{padding:8px 12px;border-radius:4px}
.flash.ok{background:#e3f4e8;border:1px solid #8fcf9f}
.flash.error{background:#fdecea;border:1px solid #f1a7a0}
.muted{color:#7b8794}
.tag{display:inline-block;padding:0 6px;border-radius:3px;background:#eef2f6;font-size:12px;margin-right:4px}
.tag.bad{background:#fdecea;color:#a61b1b}
.tag.good{background:#e3f4e8;color:#1d6b34}
.msg{border-left:3px solid #b8c4ce;padding:4px 10px;margin:8px 0;background:#fff}
.msg.q{border-color:#1a5fb4}
.msg.a{border-color:#2f9e44;white-space:pre-wrap}
.msg.here{background:#fffbe6}
.pre{white-space:pre-wrap}
.target{margin:6px 0}
.bar-label{font-size:12px;fill:#52606d}
.pager{margin:10px 0;display:flex;gap:12px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.facts dt{color:#52606d}
fieldset{border:1px solid #d9e0e7;border-radius:4px;margin:8px 0}
div.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}
div.filters label{display:flex;flex-direction:column;font-size:12px;color:#52606d}
td.wait{white-space:nowrap}
tr.age-warn td.wait{background:#fff4d6;color:#8a5a00;font-weight:600}
tr.age-overdue td.wait{background:#fdecea;color:#a61b1b;font-weight:700}
tr.age-overdue td:first-child{border-left:4px solid #a61b1b}
tr.age-warn td:first-child{border-left:4px solid #e0a100}
form.inline{display:inline;margin:0}
.live-count{font-size:15px}
.live-count strong{font-size:18px}
.tabs{display:flex;gap:12px;margin:0 0 12px}
.tabs a.active{font-weight:bold;text-decoration:none;color:#1f2933}
form.dismiss{display:flex;gap:4px;margin:6px 0 0;flex-wrap:wrap}
form.dismiss input{width:10em}
ul.leads{margin:0;padding-left:18px}
#gaps td.question{max-width:420px}
.top{flex-wrap:wrap}
.top nav{flex-wrap:wrap;min-width:0;row-gap:4px}
.top nav a{white-space:nowrap}
@media (max-width:760px){
.top{gap:6px 12px;padding:8px 12px}
.top nav{order:3;flex:1 0 100%;gap:2px 14px}
.top nav a{padding:4px 0}
.top .who{margin-left:auto}
main{padding:12px}
h1{font-size:18px}
table{display:block;overflow-x:auto}
form.filters label{flex:1 1 140px}
}
`;
