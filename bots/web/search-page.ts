/** A self-contained page (no CDN, works offline) to search the statutes. */
export function searchPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>用工指导助手 · 法规检索</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#222}
form{display:flex;gap:.5rem}input{flex:1;padding:.6rem;font-size:1rem}button{padding:.6rem 1rem;font-size:1rem}
.hit{border-top:1px solid #ddd;padding:.8rem 0}.hit h3{margin:.2rem 0;font-size:1rem}.hit p{margin:.3rem 0;white-space:pre-wrap;line-height:1.6}
.note{color:#a15c00}.muted{color:#777;font-size:.9rem}
</style></head><body>
<h1>用工指导助手 · 法规检索</h1>
<p class="muted">用日常说法提问，例如“员工干了三年被辞退要赔多少”，或直接输入“劳动合同法第十条”。</p>
<form id="f"><input id="q" name="q" maxlength="2000" placeholder="请输入问题" autofocus><button>检索</button></form>
<div id="out" aria-live="polite"></div>
<script>
const out=document.getElementById('out');
const esc=s=>s.replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
document.getElementById('f').addEventListener('submit',async e=>{
  e.preventDefault();const q=document.getElementById('q').value.trim();if(!q)return;
  out.textContent='检索中…';
  try{const r=await fetch('/api/kb/search?k=5&q='+encodeURIComponent(q));const d=await r.json();
    if(!r.ok){out.textContent=d.error||'检索失败';return}
    out.innerHTML=(d.expansions.length?'<p class="muted">按法律用语理解为：'+esc(d.expansions.join('、'))+'</p>':'')+
      d.hits.map(h=>'<div class="hit"><h3>《'+esc(h.title)+'》'+esc(h.label)+(h.unverified?' <span class="note">（条文待核实）</span>':'')+(h.status&&h.status.length?' <span class="note">（本条有修改或废止，见下）</span>':'')+'</h3>'+(h.status||[]).map(function(s){return '<p class="note">'+esc((s.paragraphs?'第'+s.paragraphs.join('、')+'款':'本条')+({amended:'已修改',repealed:'已废止',superseded:'已被新规定取代'}[s.state]||s.state)+'（'+s.date+'，依据：'+s.by+'）')+'</p>'}).join('')+'<p>'+esc(h.text)+'</p></div>').join('');
  }catch{out.textContent='网络错误，请稍后再试'}
});
</script></body></html>`;
}
