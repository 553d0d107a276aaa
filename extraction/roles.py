"""Who a clause itself names as acting, cooperating and speaking, and its action verb.

Read from the clause's words (data/lexicon.toml) and the agencies the recognizer found in it:
- "Giao / Đề nghị / Yêu cầu X ..." and "X chủ trì, phối hợp với Y ..." at its start;
- "..., Phó Chủ tịch UBND tỉnh yêu cầu X ..." in mid-sentence (the subject is the speaker);
- "X chỉ đạo Y ..." (whoever is told to direct is responsible);
- cooperating bodies after "phối hợp (với)", "cùng với", "với sự phối hợp của";
- the action: the first verb of what is to be done, adverbs and scope phrases skipped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extraction.agencies import Mention, find_agencies
from extraction.deadlines import limit_end
from extraction.document import Roles
from extraction.textnorm import UPPER
from extraction.wordlists import agency_words, alternatives, table

_JOINER = re.compile(r"\s*(?:[,;(/]\s*(?:và|cùng|với|hoặc|cùng với|cũng như|nhất là|đặc biệt là|trong đó có)?"
                     r"|\)?\s*,?\s*(?:và|cùng|với|hoặc|cùng với|cũng như))\s*(?:các|những)?\s*")
_OPENER = re.compile(r"^\s*(?:[-–+•*]\s*|\(?(?:[ivx]{1,4}|\d{1,2}|[a-zđ])\)\s*)*")
# Openers that are a topic only when who acts follows ("Thực hiện Kết luận ..., Ban Chỉ đạo đề nghị ...",
# "Định kỳ 6 tháng, Sở Công Thương tổ chức ..."), not before a list of verbs ("Định kỳ tổng hợp, báo cáo ...").
_TIME_OPENERS = ("định kỳ", "hằng năm", "hàng năm", "hằng quý", "hàng quý", "hằng tháng", "hàng tháng", "hằng tuần", "hàng tuần",
                 "trước ngày", "trước thời điểm", "trong năm", "trong quý", "trong tháng", "trong tuần", "từ nay đến", "đến năm",
                 "chậm nhất", "muộn nhất", "trong thời hạn", "trong vòng", "từ ngày", "đến ngày", "đến hết", "ngay trong")
_VERB_OPENERS = ("thực hiện", "theo", *_TIME_OPENERS)
_TOPIC = re.compile(r"(?P<opener>Về|Đối với|Riêng|Về việc|Trong đó,?|Để|Nhằm|Trường hợp|Sau khi|Trên cơ sở|Căn cứ|Với vai trò"
                    r"|Với tư cách|Trong quá trình|Trong thời gian|Khi|Nếu|Bên cạnh|Ngoài|Qua|Thực hiện|Theo"
                    rf"|{'|'.join(_TIME_OPENERS)})\s[^:;]{{3,250}}?[,:]\s+(?=\S)",
                    re.IGNORECASE)
_ASIDE = re.compile(r"\s*(?:,\s*(?:nhất là|đặc biệt là|trong đó có|trong đó|kể cả|bao gồm)\s[^,;:]*?(?=\s[a-zà-ỹđ])|\([^)]{0,120}\))",
                    re.IGNORECASE)
_ON_BEHALF = re.compile(r"thay mặt\s+", re.IGNORECASE)  # "Bộ trưởng Bộ Tư pháp thay mặt Chính phủ ký ..."
_SCOPE = re.compile(r"(?:(?:theo|trên cơ sở|căn cứ(?:\s+vào)?|thuộc)\s+(?:đúng\s+)?(?:chức năng|nhiệm vụ|thẩm quyền|quyền hạn|phạm vi|lĩnh vực|"
                    r"chức trách|trách nhiệm)|trong phạm vi)(?:[,\s]+(?:và\s+)?(?:chức năng|nhiệm vụ|thẩm quyền|quyền hạn|phạm vi quản lý|"
                    r"lĩnh vực|được giao|được phân công|của mình|phụ trách|quản lý|trách nhiệm|theo quy định|của đơn vị|của ngành))*[\s,]*",
                    re.IGNORECASE)
_MID_ASSIGN = re.compile(r"(?:^|[\s,;:(])(?:kính |trân trọng )?(?:đề nghị|yêu cầu|giao nhiệm vụ cho|giao trách nhiệm cho|giao cho|giao|ủy quyền cho|phân công cho|phân công)"
                         r"(?:\s+đối với)?\s+",
                         re.IGNORECASE)
_CHAIRS = re.compile(r"^(?:Đồng chí\s+|đồng chí\s+)?(?:Phó\s+)?(?:Chủ tịch|Thủ tướng|Tổng Bí thư|Bí thư|Chánh Văn phòng|Trưởng [Bb]an"
                     r"|Thường trực|Ban Thường vụ|Ban Chỉ đạo|Văn phòng Chính phủ|Văn phòng UBND|Văn phòng Trung ương)")
# A request answered after its colon ("Về đề nghị Chính phủ chỉ đạo Bộ Tài chính bố trí vốn ...: giao Bộ
# Tài chính chủ trì ..."): who the request names is part of the topic, not who must act.
_REQUEST_TOPIC = re.compile(r"Về\s+(?:các\s+)?(?:đề nghị|kiến nghị|đề xuất|nội dung đề nghị|nội dung kiến nghị)\b[^:;]{3,400}:\s", re.IGNORECASE)
# "Sở X là cơ quan thường trực, chủ trì ...", "Là đầu mối chủ trì ...": the body's role, then its task
_ROLE_PHRASE = re.compile(r"(?:[Vv]ới vai trò\s+)?(?:[Ll]à|[Ll]àm)\s+(?:(?:cơ quan|đơn vị)\s+)?(?:đầu mối|thường trực|chủ quản)"
                          rf"(?:\s+(?:của\s+)?(?:[{UPPER}][^\s,;:.]*\s*)+)?\s*,?\s*")
_MODAL = re.compile(rf"{alternatives('modals')}\s", re.IGNORECASE)
_ADDRESSED = re.compile(r"(?:Đối với|Riêng|Về phía|Với)\s+", re.IGNORECASE)
# "thông báo" with whom it reaches: a body asked to notify others, not the notice's speaker.
_NOTIFIES = re.compile(r"thông báo\s+(?:cho|tới|đến|kịp thời|rộng rãi|ngay)\s", re.IGNORECASE)
_ANNOUNCES = re.compile(r"(?:kết luận|chỉ đạo|chỉ thị|ý kiến kết luận|thống nhất|quyết định)(?:,?\s+chỉ đạo)?(?:\s+[^:]{0,60})?\s+như sau\s*:\s*$"
                        r"|(?:kết luận|chỉ thị)\s*:\s*$"
                        # the issuer presenting its own plan: "UBND tỉnh xây dựng kế hoạch ... với nội dung như sau:"
                        r"|(?:ban hành|xây dựng)\s+(?:kế hoạch|chương trình|đề án|phương án)[^:]{0,200}\s+như sau\s*:\s*$",
                        re.IGNORECASE)
# A chair directing a body: "Phó Chủ tịch UBND tỉnh chỉ đạo Sở Xây dựng kiểm tra ..." (the body acts)
_CHAIR_DIRECTS = re.compile(r"(?:trực tiếp\s+)?chỉ đạo\s+", re.IGNORECASE)
_DIRECT = re.compile(r"^(?:chỉ đạo|lãnh đạo, chỉ đạo|lãnh đạo)\s*(?::|như sau|các nội dung|một số nội dung)", re.IGNORECASE)


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " ,":
        position += 1
    return position


def group_at(text: str, mentions: list[Mention], position: int) -> tuple[list[Mention], int]:
    """The list of agencies that starts at position ("Bộ Y tế, Ban Quản lý dự án và các nhà
    thầu") and the offset where it ends; ([], position) when no agency starts there."""
    position = _skip_spaces(text, position)
    many = re.match(r"(?:[Cc]ác|[Nn]hững|[Mm]ọi)\s+", text[position:])
    ordered = [m for m in mentions if m.start >= position]
    if many and ordered and ordered[0].start == position + many.end():
        position = ordered[0].start  # "Các đồng chí Bộ trưởng, ..."
    if not ordered or ordered[0].start != position:
        return [], position
    if ordered[0].label == "GROUP" and len(ordered) > 1 and ordered[1].label != "GROUP" \
            and re.fullmatch(r"\s*:\s*", text[ordered[0].end:ordered[1].start]):
        ordered = ordered[1:]  # "Các đơn vị: Sở Y tế, Công an tỉnh tăng cường …": the collective names those after it
    group = [ordered[0]]
    for mention in ordered[1:]:
        gap = text[group[-1].end:mention.start]
        if not _JOINER.fullmatch(gap) or "(" in gap and ")" not in text[mention.end:mention.end + 2]:
            break
        group.append(mention)
    return group, group[-1].end


def names_of(group: list[Mention]) -> list[str]:
    """The names a list of mentions stands for (a LIST mention stands for several)."""
    return [name for mention in group for name in mention.names]


def _after_person(text: str, position: int) -> int:
    """Past a person's name (two to four capitalised words before a lowercase one), else
    position: "Phó Thủ tướng Chính phủ Trần Hồng Hà chỉ đạo" -> at "chỉ đạo"."""
    words = list(re.finditer(r"\S+", text[position:]))
    count = 0
    while count < len(words) and count < 5 and words[count].group(0).istitle() and words[count].group(0).isalpha():
        count += 1
    if 2 <= count <= 4 and count < len(words) and words[count].group(0)[:1].islower():
        return position + words[count].start()
    return position


def scope_at(text: str, position: int) -> bool:
    """Whether a remit opens text at position ("Căn cứ chức năng, nhiệm vụ được giao, ...",
    "theo thẩm quyền"), not a document it is based on."""
    found = _SCOPE.match(text, position)
    return bool(found and found.end() > position)


def skip_modifiers(text: str, position: int) -> int:
    """Past a person's name after a title ("Phó Thủ tướng Trần Hồng Hà"), adverbs ("khẩn
    trương", "tiếp tục"), scope phrases ("theo chức năng, nhiệm vụ") and a body's role ("là cơ
    quan thường trực, ...")."""
    adverbs = table("adverbs")
    position = _after_person(text, _skip_spaces(text, position))
    for _ in range(6):
        aside = _ASIDE.match(text, position)
        if aside and aside.end() > position:
            position = aside.end()
        position = _skip_spaces(text, position)
        scope = _SCOPE.match(text, position) or _ROLE_PHRASE.match(text, position)
        if scope and scope.end() > position:
            position = scope.end()
            continue
        behalf = _ON_BEHALF.match(text, position)
        named = find_agencies(text[behalf.end():behalf.end() + 120]) if behalf else []
        if named and named[0].start == 0:
            position = behalf.end() + named[0].end
            continue
        limit = limit_end(text, position)
        if limit > position:  # "Chậm nhất ngày 20/12/2025 hoàn thành ..."
            position = limit
            continue
        adverb = adverbs.starts(text[position:])
        if not adverb:
            break
        position += len(adverb)
    return _skip_spaces(text, position)


def action_at(text: str) -> str | None:
    """The action phrase text opens with (not a noun such as "hạ tầng", "cấp xã")."""
    action = table("actions").starts(text)
    noun = table("not_verbs").starts(text)
    if action and re.match(r"\s+số\s+\d", text[len(action):]):
        return None  # "Quyết định số 15/2021/QĐ-UBND": a document, not the verb
    return action if action and not (noun and len(noun) >= len(action)) else None


def find_action(text: str, position: int = 0) -> tuple[str | None, bool]:
    """The action verb at text[position:] after adverbs and scope phrases, and whether one
    (or an adverb) opens it at all."""
    start = _skip_spaces(text, position)
    after = skip_modifiers(text, start)
    action = action_at(text[after:])
    if action:
        return action.lower().rstrip(","), True
    adverb = table("adverbs").starts(text[start:])
    if adverb and action_at(adverb):
        return adverb.lower().rstrip(","), True
    return None, after > start


_LABEL = re.compile(r"(?:Nhiệm vụ|Nội dung|Nội dung thực hiện|Giải pháp|Yêu cầu)\s*:\s*")


def _lead_end(text: str) -> int:
    """Offset after openers, connectors, a plan's label ("Nhiệm vụ: ...") and a topic."""
    position = _OPENER.match(text).end()
    label = _LABEL.match(text, position)
    if label:
        position = label.end()
    connector = table("connectors").starts(text[position:])
    if connector:
        position = _skip_spaces(text, position + len(connector))
    return position


def _cooperating(text: str, mentions: list[Mention], start: int, exclude: set[str]) -> list[str]:
    names: list[str] = []
    cooperating = table("cooperating")
    for found in re.finditer(r"(?<!\w)(?:phối hợp|cùng|với sự)", text[start:], re.IGNORECASE):
        at = start + found.start()
        phrase = cooperating.starts(text[at:])
        if not phrase:
            continue
        position = at + len(phrase)
        group, _ = group_at(text, mentions, position)
        if not group:  # "phối hợp, hướng dẫn Bộ Y tế": a verb between
            verb = action_at(text[_skip_spaces(text, position):])
            if verb:
                group, _ = group_at(text, mentions, _skip_spaces(text, position) + len(verb))
        names += [n for n in names_of(group) if n not in exclude and n not in names]
    return names


_TO_COLON = re.compile(r"[^:;]{3,250}?:\s+(?=\S)")


def _topic_end(text: str, position: int, mentions: list[Mention], topic: re.Match[str]) -> int:
    """Where a topic ends: "Về X, Y: ..." at its colon; "Nếu có khó khăn, vướng mắc, X ..." at
    the comma before who acts; else at its first comma."""
    opener = topic.group("opener")
    request = _REQUEST_TOPIC.match(text, topic.start("opener"))
    if request:
        return request.end()
    if opener.lower() in ("nếu", "trường hợp", "khi"):  # "Nếu để xảy ra ..., ..., thì phải xử lý ..."
        then = re.compile(r"[^:;]{3,300}?,\s*thì\s+").match(text, topic.start("opener") + len(opener))
        if then:
            return then.end()
        piece_end = text.find(";", position)
        for comma in re.finditer(r",\s*", text[:piece_end if piece_end >= 0 else len(text)]):
            if comma.start() > topic.start("opener") and find_action(text, comma.end())[0]:
                return comma.end()  # "nếu có khó khăn, vướng mắc, kịp thời báo cáo ...": the duty after the condition
    if opener.lower() in ("về", "đối với", "riêng", "về việc"):
        colon = _TO_COLON.match(text, topic.start("opener") + len(opener))
        if colon:
            return colon.end()
    if not topic.group(0).rstrip().endswith(":"):
        comma = _names_after_comma(text, mentions, position)
        if comma:
            return comma.end()
    return topic.end()


def _names_after_comma(text: str, mentions: list[Mention], start: int) -> re.Match[str] | None:
    """The comma of a preamble "Thực hiện ..., X yêu cầu ..." after which who acts is named."""
    limit = min(len(text), start + 250, *(i for i in (text.find(":", start), text.find(";", start)) if i > 0))
    for comma in re.finditer(r",\s+", text[:limit]):
        if comma.start() > start and (group_at(text, mentions, comma.end())[0] or _MID_ASSIGN.match(" " + text[comma.end():])):
            return comma
    return None


def _assigned_after(text: str, mentions: list[Mention], start: int) -> tuple[list[Mention], int] | None:
    """A mid-sentence assignment: "... yêu cầu X [verb]", "... giao X [verb]" (not "giao X là
    cơ quan chủ quản": a task must follow the names)."""
    for found in _MID_ASSIGN.finditer(text, start):
        group, end = group_at(text, mentions, found.end())
        following = re.match(r"\s*([^\W\d_]+)", text[skip_modifiers(text, end):])
        task_follows = find_action(text, end)[1] or (following and following.group(1).islower()
                                                      and following.group(1) not in ("là", "và", "của", "được", "đã", "về"))
        if group and (task_follows or not text[end:].strip(" .;:")):
            return group, end
    return None


def _directed(text: str, mentions: list[Mention], position: int) -> tuple[list[Mention], int] | None:
    """The bodies a chair directs right at position ("chỉ đạo Sở Xây dựng kiểm tra ..."), when a
    task follows them."""
    directs = _CHAIR_DIRECTS.match(text, position)
    group, end = group_at(text, mentions, directs.end()) if directs else ([], position)
    return (group, end) if group and find_action(text, end)[1] else None


def ends_on_addressees(text: str, mentions: list[Mention]) -> bool:
    """Whether text ends on the list of agencies an assignment names ("Chủ tịch UBND tỉnh yêu
    cầu Giám đốc các sở, Thủ trưởng các ban, ngành;"), a list that may run on after its ";"."""
    roles = analyse(text, mentions)
    opens_on_it = roles.speaker or bool(table("assigning").starts(text[_lead_end(text):]))  # not "Việc X giao Sở A;"
    return roles.by_verb and opens_on_it and bool(roles.responsible) and not text[roles.predicate:].strip(" ;,.")


def analyse(text: str, mentions: list[Mention]) -> Roles:
    """The roles a clause names itself (mentions with offsets relative to text)."""
    roles = Roles()
    position = _lead_end(text)
    addressed = _ADDRESSED.match(text, position)
    if addressed:  # "Đối với các chủ đầu tư cần nhanh chóng dọn dẹp ...": the topic is who acts
        group, end = group_at(text, mentions, addressed.end())
        if group and (find_action(text, end)[1] or re.match(r"\s*[,:]", text[end:])):
            roles.assigned = roles.by_verb = True
            roles.responsible = names_of(group)
            roles.predicate = _skip_spaces(text, end + len(re.match(r"\s*[,:]?", text[end:]).group(0)))
            roles.action, roles.verb_first = find_action(text, roles.predicate)
            roles.cooperating = _cooperating(text, mentions, roles.predicate, set(roles.responsible))
            return roles
    skipped = position
    for _ in range(3):  # "Đối với dự án X, sau khi Y được phê duyệt, UBND phường Z ..."
        opener = _TOPIC.match(text, skipped)
        if not opener or group_at(text, mentions, skipped)[0] or scope_at(text, skipped):
            break  # "Căn cứ chức năng, nhiệm vụ được giao, xây dựng ...": a remit before the verb, no topic
        if opener.group("opener").lower() in _TIME_OPENERS and action_at(text[_skip_spaces(text, opener.end("opener")):]):
            break  # "Định kỳ báo cáo kết quả về Bộ Công an, UBND tỉnh ...": a duty, not a time before its subject
        assignment = None if _REQUEST_TOPIC.match(text, skipped) else _assigned_after(text, mentions, skipped)
        if assignment and assignment[0][0].start < opener.end():
            break  # "Để ..., yêu cầu X ...": the assignment is inside what looked like a topic
        skipped = _topic_end(text, skipped, mentions, opener)
        names_follow = bool(group_at(text, mentions, skipped)[0] or table("assigning").starts(text[skipped:])
                            or _MID_ASSIGN.match(" " + text[skipped:]))
        if not names_follow and opener.group("opener").lower() in _VERB_OPENERS:
            break  # "Định kỳ hằng năm ... báo cáo ..., để ...": no topic, the task starts here
        position = skipped
    assigning = table("assigning").starts(text[position:])
    group: list[Mention] = []
    end = position
    explicit = False  # named by "giao / yêu cầu / đề nghị" rather than as a subject
    if assigning:
        group, end = group_at(text, mentions, position + len(assigning))
        roles.assigned = explicit = bool(group)
    if not group:
        group, end = group_at(text, mentions, position)
        if group and text[group[0].start:group[-1].end].isupper():  # a letterhead: "THỦ TƯỚNG CHÍNH PHỦ điện:"
            roles.speaker = True
            group = []
        if group:
            after = skip_modifiers(text, end)
            speech = table("speech").starts(text[after:]) if not table("not_verbs").starts(text[after:]) else None
            first = text[group[0].start:group[0].end]
            if speech == "thông báo" and _NOTIFIES.match(text, after) and not first.startswith("Văn phòng"):
                speech = None  # "Bộ Chỉ huy BĐBP tỉnh thông báo cho chủ phương tiện biết": a task, not the speaker
            chair = _CHAIRS.match(first) is not None and "các " not in first \
                and not re.search(r"(?:các|những)\s+$", text[:group[0].start], re.IGNORECASE)  # "Các đồng chí Phó Chủ tịch ..." are addressed
            if (speech and not _DIRECT.match(text[after:]) and not text[after:].lower().startswith("chỉ đạo")) \
                    or (chair and (speech or text[after:].lower().startswith("chỉ đạo"))) or _DIRECT.match(text[after:]):
                roles.speaker = True
                again = _assigned_after(text, mentions, end) or (_directed(text, mentions, after) if chair else None)
                group, end = again if again else ([], end)
                explicit = bool(again)
            elif not find_action(text, end)[1]:  # "Ban Chỉ đạo ... (sau đây gọi là ...) yêu cầu X ..."
                again = _assigned_after(text, mentions, end)
                if again:
                    roles.speaker = explicit = True
                    group, end = again
            roles.assigned = bool(group)
    if not group and not find_action(text, position)[1]:  # "Phối hợp X tham mưu ... đề nghị Y": Y is no assignee
        again = _assigned_after(text, mentions, position)
        if again:
            group, end = again
            roles.assigned = explicit = True
    if _ANNOUNCES.search(text) and not explicit:
        roles.speaker, group = True, []  # "Sau khi nghe X báo cáo ..., đồng chí Y kết luận như sau:"
    roles.by_verb = explicit
    roles.responsible = names_of(group)
    roles.predicate = end if group else position
    role = _ROLE_PHRASE.match(text, _skip_spaces(text, roles.predicate))
    if role:  # "X là cơ quan thường trực, chủ trì ...": the task starts after the body's role
        roles.predicate = role.end()
    roles.action, roles.verb_first = find_action(text, roles.predicate)
    if group and not roles.verb_first:  # "Các sở, ngành, UBND xã, phường và các đơn vị liên quan có trách nhiệm ..."
        later = _past_list(text, end)
        if later is None and re.search(r"(?<!\w)(?:các|những)\s", text[group[0].start:end], re.IGNORECASE):
            later = _past_qualifier(text, end)
        if later is not None:
            roles.predicate = later
            roles.action, roles.verb_first = find_action(text, later)
    roles.cooperating = _cooperating(text, mentions, roles.predicate, set(roles.responsible))
    return roles


_LIST_WORD = re.compile(r"\s*(?:[,;&-]|[^\s,;]+)\s*")
_LIST_LIMIT = 16  # words of a subject list the recognizer left unnamed ("…, phường và đặc khu")


@lru_cache(maxsize=None)
def _list_words() -> frozenset[str]:
    """Lowercase words a list of addressees is made of: its collective nouns, levels and tails
    (agency_words.toml), and the joiners."""
    words = agency_words()
    phrases = words["generic"] + words["levels"] + words["group_tails"] + words["heads"]
    return frozenset(w.lower() for phrase in phrases for w in phrase.split()) | {"và", "các", "cùng", "những", "mọi", "toàn"}


def _past_list(text: str, position: int) -> int | None:
    """Where the predicate starts when the subject's list runs on past the names found
    ("Hội đồng nhân dân, Ủy ban nhân dân các xã, phường và đặc khu: tổ chức ..."): the first
    word within a few that opens an action or a modal, every word before it being part of a
    list of addressees (a capitalised name, a collective noun, a joiner); else None."""
    at = position
    for _ in range(_LIST_LIMIT):
        word = _LIST_WORD.match(text, at)
        if not word:
            return None
        token = word.group(0).strip()
        if not (token in ",&-" or token[:1].isupper() or token.lower() in _list_words()):
            return None
        noun = table("not_verbs").starts(text[word.start():])
        at = word.end()
        if text[at:at + 1] == ":":
            at = _skip_spaces(text, at + 1)
        if noun and word.start() + len(noun) > at:
            continue  # "... các công trình ...": "trình" is part of a noun, not the verb
        if find_action(text, at)[0] or _MODAL.match(text, at):
            return at
    return None


_QUALIFIER = re.compile(r"\s*(?:có liên quan đến|liên quan đến|nơi có|đang có|có|thuộc|trên địa bàn"
                        r"|ven|vùng|miền|dọc|giáp|gần|nằm|bị|chịu|biên giới|phía)\s", re.IGNORECASE)  # "... ven biển", "... bị ảnh hưởng"
_SHORTFALL_QUALIFIER = re.compile(r"\s*(?:chưa|còn|không|chậm)\s", re.IGNORECASE)  # "... chưa hoàn thành nhiệm vụ"
_QUALIFIER_LIMIT = 8  # words


def _past_qualifier(text: str, position: int) -> int | None:
    """Where the predicate starts after a qualifier that singles out some of a collective
    ("Ủy ban nhân dân các xã, phường có cụm công nghiệp phối hợp ...", "Các địa phương có đường
    biên giới tăng cường ...", "Chủ tịch UBND các xã, phường ven biển tổ chức sơ tán ...", "các
    tỉnh bị ảnh hưởng của bão khẩn trương ..."): the first of a few words that opens an action;
    after a shortfall ("Các sở, ngành chưa hoàn thành nhiệm vụ phải giải trình ...") only a modal
    does, so "Một số đơn vị chưa quyết liệt trong chỉ đạo" stays a statement; else None."""
    qualifier = _QUALIFIER.match(text, position) or _SHORTFALL_QUALIFIER.match(text, position)
    if not qualifier:
        return None
    shortfall = qualifier.re is _SHORTFALL_QUALIFIER
    at, first_action = qualifier.end(), None
    for _ in range(_QUALIFIER_LIMIT):
        word = re.match(r"[^\W\d_]+|\d+", text[at:])
        if not word:
            break
        at = _skip_spaces(text, at + word.end())
        if _MODAL.match(text, at):
            return at  # "Các doanh nghiệp có dự án chậm triển khai phải giải trình ...": the modal opens the task
        if shortfall:
            continue
        action = find_action(text, at)[0]
        if first_action is None and action and " " in action:  # "phối hợp", not "xuất" of "xuất sắc"
            first_action = at
    return first_action


# A team member's duties ("4.1. Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung; ..."): the person acts
_PERSON_LEAD = re.compile(rf"(?:Ông|Bà|Đồng chí|đồng chí)\.?\s+(?P<name>(?:[{UPPER}][^\W\d_]*\s+){{1,3}}[{UPPER}][^\W\d_]*)"
                          r"\s*(?:[-–,]\s*[^:;]{2,80})?:\s*")


def lead_of(text: str, mentions: list[Mention], heading: bool = False) -> tuple[list[str], int] | None:
    """An item's or heading's addressee: "X, Y:", "Giao X:", "Đối với X:", "Về phía X:",
    "Yêu cầu đối với X", or a bare list of names -> (names, offset after the lead). A heading
    that opens with such a word names its addressee whatever follows ("Yêu cầu đối với Sở X
    trong công tác ...")."""
    if text.isupper() and not heading:
        return None  # a letterhead in capitals ("THỦ TƯỚNG CHÍNH PHỦ") addresses nobody
    position = _lead_end(text)
    person = _PERSON_LEAD.match(text, position)
    if person:
        return [person.group("name")], person.end()
    opener = re.match(r"(?:Giao cho|Giao nhiệm vụ cho|Giao|Đối với|Về phía|Yêu cầu đối với|Yêu cầu|Đề nghị|Phân công cho|Riêng"
                      r"|(?:Về\s+)?(?:Nhiệm vụ|Trách nhiệm|Nhiệm vụ, giải pháp)(?:\s+(?:chủ yếu|trọng tâm|cụ thể|thực hiện))?\s+(?:của|đối với)|Về)"
                      r"\s*:?\s+",  # "6. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh"
                      text[position:], re.IGNORECASE)
    if opener:
        position += opener.end()
    group, end = group_at(text, mentions, position)
    if not group:
        return None
    rest = re.sub(r"^\s*(?:nêu trên|nói trên|trên đây|có liên quan|liên quan)", "", text[end:])
    scope = _SCOPE.match(rest.lstrip(" ,"))
    rest_after_scope = rest.lstrip(" ,")[scope.end():] if scope else rest
    colon = re.match(r"\s*(?:\([^)]{0,80}\))?\s*:", rest_after_scope)
    if colon:
        return names_of(group), len(text) - len(rest_after_scope) + colon.end()
    if not rest.strip(" .;:,-?") or (heading and opener and not opener.group(0).lower().startswith("về ")):
        return names_of(group), len(text)
    return None
