/**
 * The web chat page: self-contained (no CDN, works offline), anonymous (the server's secret cookie),
 * answers streamed from /api/chat as NDJSON, citations expandable to the full article text. On load it
 * shows the conversation so far (/api/chat/history), then listens for what staff and outreach send
 * (/api/chat/events, Server-Sent Events; EventSource reconnects by itself, resuming after the last id).
 */
export function chatPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>用工指导助手 · 在线咨询</title>
<style>
*{box-sizing:border-box}
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222;background:#f4f6f8;display:flex;flex-direction:column;height:100vh}
header{background:#b71c1c;color:#fff;padding:.7rem 1rem}header h1{font-size:1.1rem;margin:0}header p{margin:.2rem 0 0;font-size:.85rem;opacity:.9}
header a{color:#fff}
#log{flex:1;overflow-y:auto;padding:1rem;max-width:820px;width:100%;margin:0 auto}
.msg{margin:.6rem 0;padding:.7rem .9rem;border-radius:10px;line-height:1.65;white-space:pre-wrap;word-break:break-word;max-width:92%}
.user{background:#1565c0;color:#fff;margin-left:auto;width:fit-content}
.bot{background:#fff;border:1px solid #e0e0e0}
.bot.handoff,.bot.staff{border-color:#f9a825;background:#fffde7}
.cites{margin-top:.5rem;border-top:1px dashed #ccc;padding-top:.4rem;white-space:normal}
details.cite{margin:.3rem 0}details.cite summary{cursor:pointer;color:#1565c0}
.quote{color:#555;margin:.2rem 0 .2rem 1rem}.article{margin:.3rem 0 .3rem 1rem;padding:.5rem;background:#f7f7f7;border-left:3px solid #1565c0;white-space:pre-wrap}
.btns{margin-top:.5rem;display:flex;flex-wrap:wrap;gap:.4rem;white-space:normal}
.btns button{padding:.3rem .7rem;border:1px solid #1565c0;background:#fff;color:#1565c0;border-radius:14px;cursor:pointer;font-size:.9rem}
.btns button:disabled{opacity:.5;cursor:default}
form{display:flex;gap:.5rem;padding:.7rem;max-width:820px;width:100%;margin:0 auto}
textarea{flex:1;padding:.6rem;font-size:1rem;resize:none;border:1px solid #bbb;border-radius:8px;font-family:inherit}
form button{padding:.6rem 1.2rem;font-size:1rem;background:#b71c1c;color:#fff;border:0;border-radius:8px;cursor:pointer}
form button:disabled{opacity:.6}
.typing{color:#888}
</style></head><body>
<header><h1>用工指导助手 · 在线咨询</h1><p>洛阳市人力资源和社会保障局　·　无需登录　·　<a href="/search">法规检索</a></p></header>
<main id="log" aria-live="polite"></main>
<form id="f"><textarea id="q" rows="2" maxlength="4000" placeholder="请输入用工问题，例如“试用期最长可以约定多久？”（Enter 发送，Shift+Enter 换行）"></textarea><button id="send">发送</button></form>
<script>
(function(){
  function rid(){var a=new Uint8Array(16);crypto.getRandomValues(a);return Array.from(a,function(b){return b.toString(16).padStart(2,'0')}).join('')}
  // Who this visitor is lives in an HttpOnly cookie the server sets; an id kept here by older pages is dropped.
  try{localStorage.removeItem('yg-session')}catch(e){}
  var log=document.getElementById('log'),q=document.getElementById('q'),form=document.getElementById('f'),btn=document.getElementById('send');
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e}
  function scroll(){log.scrollTop=log.scrollHeight}
  function cite(c){
    var d=el('details','cite');var s=el('summary',null,'《'+c.law+'》'+c.label+(c.unverified?'（条文待核实）':''));d.appendChild(s);
    if(c.status)d.appendChild(el('div','note','条文状态：'+c.status));
    if(c.quote)d.appendChild(el('div','quote','“'+c.quote+'”'));
    var art=el('div','article','正在载入条文…');d.appendChild(art);var loaded=false;
    d.addEventListener('toggle',function(){if(!d.open||loaded)return;loaded=true;
      fetch('/api/chat/article?law='+encodeURIComponent(c.law)+'&n='+c.article).then(function(r){return r.json()}).then(function(a){
        art.textContent=a.text?('《'+a.law+'》'+a.label+'\\n'+a.text):(a.error||'没有找到这一条');}).catch(function(){art.textContent='条文载入失败，请稍后再试';loaded=false});});
    return d}
  function render(reply,into){
    var box=into||el('div','msg bot');box.className='msg bot '+(reply.kind||'');box.textContent=reply.text;
    if(reply.citations&&reply.citations.length){var cs=el('div','cites');cs.appendChild(el('div',null,'法律依据（点击展开条文）：'));reply.citations.forEach(function(c){cs.appendChild(cite(c))});box.appendChild(cs)}
    if(reply.buttons&&reply.buttons.length){var bs=el('div','btns');reply.buttons.forEach(function(row){row.forEach(function(b){
      var x=el('button',null,b.label);x.type='button';x.addEventListener('click',function(){Array.from(bs.children).forEach(function(y){y.disabled=true});send(null,b.data,b.label)});bs.appendChild(x)})});box.appendChild(bs)}
    if(!into)log.appendChild(box);scroll();return box}
  async function send(text,data,label){
    log.appendChild(el('div','msg user',text!=null?text:label));
    var pending=el('div','msg bot typing','正在查找法规并组织答复…');log.appendChild(pending);scroll();btn.disabled=true;
    var streamed='',first=true;
    try{
      var body={messageId:rid()};if(text!=null)body.text=text;if(data!=null)body.data=data;
      var r=await fetch('/api/chat',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify(body)});
      if(!r.ok){var e=await r.json().catch(function(){return{}});throw new Error(e.error||'服务暂时不可用')}
      var reader=r.body.getReader(),dec=new TextDecoder(),buf='';
      for(;;){var chunk=await reader.read();if(chunk.done)break;buf+=dec.decode(chunk.value,{stream:true});var lines=buf.split('\\n');buf=lines.pop();
        lines.forEach(function(l){if(!l)return;var m=JSON.parse(l);
          if(m.token){streamed+=m.token;pending.className='msg bot';pending.textContent=streamed;scroll()}
          else if(m.reply){if(first){render(m.reply,pending);first=false}else render(m.reply)}});}
      if(first)pending.remove();
    }catch(err){pending.className='msg bot error';pending.textContent='抱歉，发送失败：'+err.message+'。请稍后再试。'}
    btn.disabled=false;q.focus()}
  form.addEventListener('submit',function(e){e.preventDefault();var t=q.value.trim();if(!t)return;q.value='';send(t)});
  q.addEventListener('keydown',function(e){if(e.key==='Enter'&&!e.shiftKey){e.preventDefault();form.requestSubmit()}});
  render({text:'您好！我是洛阳市人社局“用工指导助手”。请直接输入用工问题，我会给出答复和法律依据。需要工作人员时输入“人工”。',kind:'info'});
  var lastId=0;
  function listen(){
    if(!window.EventSource)return;
    var es=new EventSource('/api/chat/events?after='+lastId);
    es.addEventListener('reply',function(e){var id=Number(e.lastEventId)||0;if(id&&id<=lastId)return;if(id)lastId=id;try{render(JSON.parse(e.data))}catch(err){}});
  }
  fetch('/api/chat/history',{cache:'no-store'}).then(function(r){return r.json()}).then(function(h){
    (h.items||[]).forEach(function(it){if(it.user)log.appendChild(el('div','msg user',it.user));render(it.reply)});
    lastId=h.lastEventId||0;
  }).catch(function(){}).then(listen);
})();
</script>
</body></html>`;
}
