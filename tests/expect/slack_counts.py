# Independent count of a Slack export, for tests/it/slack.rs (run: python3 slack_expect.py PATH)
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
bots={u['id'] for u in users if u.get('is_bot') or u['id']=='USLACKBOT'}
email={u['id']:(u.get('profile',{}).get('email') or '').strip().lower() for u in users}
read=stored=excl=rej=0; people=set()
for name,b in ents.items():
    m=re.fullmatch(r'([^/]+)/(\d{4}-\d\d-\d\d)\.json',name)
    if not m: continue
    for msg in json.loads(b):
        reacts=[(r['name'],u) for r in msg.get('reactions',[]) for u in r.get('users',[])]
        read+=1+len(reacts)
        st=msg.get('subtype',''); user=msg.get('user')
        is_bot = st in BOT or user in bots or (msg.get('bot_id') and not user)
        drop = is_bot or st in SYSTEM or not user
        if drop: excl+=1
        else:
            stored+=1; people.add(email.get(user) or 'slack:'+user)
        for (_,u) in reacts:
            if u in bots: excl+=1
            else:
                stored+=1; people.add(email.get(u) or 'slack:'+u)
print(read, stored, excl, len(people))
