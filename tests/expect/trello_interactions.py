# Independent count of the interactions in the Trello fixture, for tests/it/native.rs
# (run: python3 trello_interactions.py ../shared/fixtures/trello-gocd); prints the total,
# then the board's and those of comments.json's actions missing from the board.
# Rules of docs/sources/interactions.md, file by file as ingest reads them: a member
# added to or removed from a card; each @username of a comment, only the board's
# usernames when the file lists members (comments.json, a bare API array, does not);
# never @card, @board or the author; each person once per action.
import json, re, sys
base = sys.argv[1]
board = json.load(open(base + '/board.json'))
comments = json.load(open(base + '/comments.json'))

def edges(actions, members):
    known = set(u.lower() for u in members.values())
    out = {}
    for a in actions:
        creator = (a.get('memberCreator') or {}).get('username') or members.get(a.get('idMemberCreator'))
        me = 'trello:' + creator.lower() if creator else 'trello:' + a.get('idMemberCreator')
        to = []
        if a['type'] in ('addMemberToCard', 'removeMemberFromCard'):
            mid = a['data'].get('idMember') or (a.get('member') or {}).get('id')
            name = (a.get('member') or {}).get('username') or members.get(mid)
            to.append('trello:' + name.lower() if name else 'trello:' + mid)
        if a['type'] == 'commentCard':
            for w in re.findall(r'@([A-Za-z0-9_-]*)', a['data'].get('text', '')):
                w = w.lower()
                if w and w not in ('card', 'board') and (w in known or not known):
                    to.append('trello:' + w)
        seen = []
        for t in to:
            if t not in seen and t != me:
                seen.append(t)
        out[a['id']] = len(seen)
    return out

b = edges(board['actions'], {m['id']: m['username'] for m in board['members']})
c = edges(comments, {})
extra = sum(v for k, v in c.items() if k not in b)
print(sum(b.values()) + extra, sum(b.values()), extra)
