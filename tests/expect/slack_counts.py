# Independent count of a Slack export, for tests/it/slack.rs (run: python3 slack_counts.py PATH); prints read, stored, excluded, people, interactions
import json, sys, zipfile, os, re
SYSTEM = {"channel_join","channel_leave","channel_purpose","channel_topic","channel_name","channel_archive","channel_unarchive","group_join","group_leave","group_purpose","group_topic","group_name","group_archive","group_unarchive","pinned_item","unpinned_item","tombstone","message_deleted","sh_room_created","sh_room_shared","reminder_add","reply_broadcast","joiner_notification"}
BOT = {"bot_message","bot_add","bot_remove","bot_enable","bot_disable"}
def entries(p):
    if os.path.isdir(p):
        for root,_,files in os.walk(p):
            for f in files:
                if f.endswith('.json'):
                    full=os.path.join(root,f); yield os.path.relpath(full,p), open(full,'rb').read()
    else:
        z=zipfile.ZipFile(p)
        for n in z.namelist():
            if not n.endswith('/'): yield n.lstrip('./') if n.startswith('./') else n, z.read(n)
ents=dict(entries(sys.argv[1]))
users=json.loads(ents['users.json'])
# USLACKBOT is Slackbot whether users.json lists it or not.
bots={u['id'] for u in users if u.get('is_bot')} | {'USLACKBOT'}
email={u['id']:(u.get('profile',{}).get('email') or '').strip().lower() for u in users}
read=stored=excl=rej=0; people=set(); inter=0
MENTION=re.compile(r'<@([A-Za-z0-9]+)[>|]')
for name,b in ents.items():
    m=re.fullmatch(r'([^/]+)/(\d{4}-\d\d-\d\d)\.json',name)
    if not m: continue
    msgs=json.loads(b)
    authors={m['ts']:m['user'] for m in msgs if 'ts' in m and 'user' in m}
    for msg in msgs:
        reacts=[(r['name'],u) for r in msg.get('reactions',[]) for u in r.get('users',[])]
        read+=1+len(reacts)
        st=msg.get('subtype',''); user=msg.get('user')
        is_bot = st in BOT or user in bots or (msg.get('bot_id') and not user)
        drop = is_bot or st in SYSTEM or not user
        if drop: excl+=1
        else:
            stored+=1; people.add(email.get(user) or 'slack:'+user)
            # Interactions (docs/sources/interactions.md): the thread's author for a reply,
            # everyone mentioned; never the author, never a bot; each person once.
            to=[]
            t=msg.get('thread_ts')
            if t and t!=msg.get('ts'):
                parent=msg.get('parent_user_id') or authors.get(t)
                if parent: to.append(parent)
            to+=MENTION.findall(msg.get('text') or '')
            seen=set()
            for c in to:
                k=email.get(c) or 'slack:'+c.lower()
                if c!=user and c not in bots and k not in seen:
                    seen.add(k); inter+=1
        for (_,u) in reacts:
            if u in bots: excl+=1
            else:
                stored+=1; people.add(email.get(u) or 'slack:'+u)
                if not drop and u!=user: inter+=1
print(read, stored, excl, len(people), inter)
