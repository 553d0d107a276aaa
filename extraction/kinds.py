"""The kind of each clause: "directive" (a task for someone), "issue" (a problem that remains),
"assessment" (results, praise, what was done) or "other" (preamble, attendance, headings,
recipients, signature, closing lines). Rules over the clause's roles and the genre's words."""
from __future__ import annotations

import re
from functools import lru_cache

from extraction.document import Clause, NoticeDoc
from extraction.roles import scope_at, skip_modifiers
from extraction.scope import partners
from extraction.textnorm import UPPER
from extraction.wordlists import alternatives, lexicon, table

_ANNOUNCE_WORDS = r"thông báo\s+(?:để|tới|đến|cho)"
_CLOSING = re.compile(r"(?:trân trọng|xin)\s+thông báo|trên đây là|đề nghị .{0,80}biết,? thực hiện"
                      rf"|{_ANNOUNCE_WORDS}\s.{{0,120}}?(?:được\s+)?biết\s*(?:\./\.|\.)?\s*$"
                      r"|biết,?\s+thực hiện\s*\.?/?\.?$|biết,?\s+(?:phối hợp )?thực hiện\s*\./\.", re.IGNORECASE)
# "Văn phòng ... thông báo để/tới/cho các cơ quan biết": the notice's own closing, unless a body
# other than an office is asked to announce ("Bộ Chỉ huy BĐBP tỉnh thông báo cho chủ phương tiện biết").
_ANNOUNCE = re.compile(_ANNOUNCE_WORDS, re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"^(?:đã|đang|được(?!\s+giao)|vẫn|còn|mới|chưa|đều|cơ bản|hiện|hiện nay|tuy nhiên|bên cạnh|song|nhưng)\b",
                          re.IGNORECASE)
_NUMERIC = re.compile(r"^[\d.,]+\s|\d+(?:[.,]\d+)?\s*%|tỷ đồng|triệu đồng")
# A result in figures ("Thu ngân sách đạt 110% dự toán", "giải ngân đạt 65% kế hoạch"), not a target
# ("Phấn đấu đạt 100%", "bảo đảm tỷ lệ ... đạt 95%", a plan's "... đạt chuẩn các KCN (đạt 100%)")
_ACHIEVED = re.compile(r"^(?!.*(?:phấn đấu|bảo đảm|đảm bảo|phải|cần|mục tiêu|chỉ tiêu|tối thiểu|ít nhất))"
                       r".*(?<![\w(])(?:ước\s+)?đạt\s+(?:khoảng\s+|trên\s+|gần\s+|hơn\s+)?\d+(?:[.,]\d+)*\s*(?:%|tỷ|triệu|nghìn)",
                       re.IGNORECASE)
_MODAL = re.compile(rf"(?<!\w){alternatives('modals')}(?!\w)", re.IGNORECASE)
_PASSIVE = re.compile(r"^(?:\S+\s+){0,6}?(?:đã|đang|được(?!\s+giao))\s", re.IGNORECASE)
# ("Là đầu mối chủ trì, ..." names a task after the body's role: "là" with a verb after it is no view)
_NOT_A_TASK = re.compile(r"^(?:đây là|đó là|là|xem thêm|chịu trách nhiệm trước|nguồn:|theo đó,? đây)(?!\w)", re.IGNORECASE)
# "nghiêm túc triển khai thực hiện các nội dung nêu trên": the closing instruction, no task of its own
_GENERIC_VERB = r"(?:chỉ đạo\s+)?(?:triển khai thực hiện|tổ chức thực hiện|tổ chức triển khai|triển khai|thực hiện|quán triệt)"
_GENERIC_ADVERBS = r"(?:khẩn trương|nghiêm túc|quyết liệt|quan tâm|chủ động|tổ chức|kịp thời|tích cực|tiếp tục)"
_GENERIC_TASK = re.compile(rf"^(?:{_GENERIC_ADVERBS}[\s,]+)*"
                           rf"{_GENERIC_VERB}(?:(?:\s*,\s*|\s+và\s+){_GENERIC_VERB})*"
                           r"(?:[\s,]+(?:nghiêm túc|đầy đủ|có hiệu quả|hiệu quả|kịp thời|nghiêm|quyết liệt|đồng bộ))*"
                           r"(?:\s+(?:(?:các|những)?\s*(?:nội dung|nhiệm vụ|yêu cầu|chỉ đạo|ý kiến)"
                           r"(?:\s+(?:được|đã|đề ra|nêu|tại|theo|của|trong|trên|này|như|chỉ đạo)\b[^.;]{0,30}?)?"
                           r"|(?:Kế hoạch|Công văn|Chỉ thị|văn bản|Thông báo|Công điện|Quyết định)))?"
                           r"(?:\s+(?:nêu trên|trên|này|nói trên|tại văn bản này|tại công văn này))?\s*[./;]*$", re.IGNORECASE)
# "… tập trung thực hiện các nhiệm vụ trọng tâm, cụ thể như sau:": a lead-in that announces the items, no task of its own
_GENERIC_LEADIN = re.compile(rf"^(?:(?:{_GENERIC_ADVERBS}|tập trung)[\s,]+)*{_GENERIC_VERB}(?:\s+(?:tốt|nghiêm túc|nghiêm|hiệu quả|đầy đủ))?"
                             r"\s+(?:các|những|một số)\s+"
                             r"(?:nội dung|nhiệm vụ|yêu cầu|giải pháp)[^.;:]{0,40}?\s(?:như\s+)?sau\s*:$", re.IGNORECASE)
_DOCUMENT_TITLE = re.compile(rf"(?:Báo cáo|Tờ trình|Dự thảo|Đề án|Kế hoạch|Quyết định|Nghị quyết|Chương trình|Đề cương|"
                             rf"Phương án)\s+(?P<word>[{UPPER}][^\W\d_]+)")
# "Phát triển y tế số là một trụ cột quan trọng", "Xác định ... là nhiệm vụ chính trị": a view, not a task
_DEFINITION = re.compile(r"^(?:xác định\s+)?[^,;:]{3,90}?\s+là\s+(?:một\s+|những\s+)?(?:(?:nhiệm vụ|trụ cột|điều kiện|quá trình"
                         r"|giải pháp|cơ sở|đòn bẩy|lực đẩy|trách nhiệm|động lực|nền tảng|khâu|yếu tố|bước|xu thế|xu hướng"
                         r"|chủ trương|vấn đề)(?!\w)|rất\s)", re.IGNORECASE)
# A target ("Phấn đấu đến năm 2030 đạt 50% ...") that names nobody
_TARGET = re.compile(r"^(?:phấn đấu|đến năm \d{4}|mục tiêu)(?!\w)", re.IGNORECASE)
# A legal basis or an enclosure ("Căn cứ Quyết định 1883/QĐ-UBND ... về việc ủy quyền cho X thực hiện ...;",
# "(Kèm theo Báo cáo số 565-BC/BTCTW ...)"): it cites a document, it gives no task
_LEGAL_BASIS = re.compile(r"^\(?\s*(?:căn cứ(?:\s+vào)?|kèm theo)\s+(?:các\s+)?(?:bộ luật|luật|nghị quyết|nghị định|quyết định|thông tư"
                          r"|chỉ thị|kết luận|kế hoạch|công văn|văn bản|thông báo|hướng dẫn|công điện|báo cáo|tờ trình|đề án)"
                          r"\s+(?:số\s+)?\d", re.IGNORECASE)
# "Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.": when a document takes effect, no task
_IN_FORCE = re.compile(r"^[^,;:]{0,80}?\s(?:này\s+)?có hiệu lực(?:\s+thi hành)?\s+(?:kể\s+)?từ\s+ngày(?:\s+(?!và\s)\S+){0,6}\s*[.;]?$",
                       re.IGNORECASE)  # not "... kể từ ngày ký và giao UBND các tỉnh ...": a task follows
# "nếu có khó khăn, vướng mắc, vượt thẩm quyền, kịp thời báo cáo ...": a condition of a duty, no problem reported
_CONDITION = re.compile(r"(?:nếu|trường hợp|khi)\s+(?:có\s+)?(?:phát sinh\s+)?(?:những\s+|các\s+)?(?:khó khăn|vướng mắc|vấn đề|nội dung)"
                        r"[^.;:]{0,120}?(?=,\s*(?:thì\s+)?\S+\s+\S+)", re.IGNORECASE)
# A task that opens with "Có" or "Không" ("Có biện pháp giảm thiểu …", "Không cấp phép thi công …")
_HAVE_OR_NOT = re.compile(r"^(?:Có|Không)\s+(?!phải\b|còn\b|quá\b|được\b)", re.IGNORECASE)
# A letter's subject line ("V/v tăng cường công tác quản lý ..."): its title, no task or problem
_SUBJECT_LINE = re.compile(r"^(?:Số\s*:\s*\S+\s+)?V/v\s", re.IGNORECASE)
# What is still lacking ("chưa thực hiện", "vẫn còn", "còn chậm"): after a background opener ("Đến nay,
# Theo báo cáo, Hiện nay"), the mark of a problem reported, not of a document cited about problems
_SHORTFALL = re.compile(r"(?<!\w)(?:chưa|vẫn còn|còn chậm|còn thiếu|còn nhiều|không đạt|chậm so với)(?!\w)", re.IGNORECASE)
# Who speaks telling what was done or praising it ("Các sở, ngành đã tích cực triển khai ...", "UBND
# tỉnh ghi nhận, biểu dương sự nỗ lực ..."): a result, not a word of the meeting's procedure
_SPEAKER_REVIEWS = re.compile(r"^(?:(?!yêu cầu|đề nghị|giao\s)[^;:]){0,80}?(?<!\w)"
                              r"(?:đã\s|ghi nhận|đánh giá cao|biểu dương|hoan nghênh|khen ngợi|tuyên dương)",
                              re.IGNORECASE)  # not "... yêu cầu những nội dung đã được giao phải ..."
_PRAISE = re.compile(r"^(?:ghi nhận|đánh giá cao|biểu dương|hoan nghênh|khen ngợi|cảm ơn|chúc mừng|trân trọng cảm ơn)", re.IGNORECASE)


@lru_cache(maxsize=None)
def _words_regex(name: str) -> re.Pattern[str]:
    """Whole words (one word-boundary test for all of them, then the alternatives) or signs ("%") anywhere."""
    words = sorted((w.strip() for w in lexicon()[name]), key=len, reverse=True)
    whole = "|".join(re.escape(w) for w in words if w[-1:].isalpha())
    signs = [re.escape(w) for w in words if not w[-1:].isalpha()]
    return re.compile("|".join([rf"(?<!\w)(?:{whole})(?!\w)", *signs]))


def _has(text: str, name: str) -> bool:
    """Whether text holds a word of one lexicon list (whole words; "%" and the like anywhere)."""
    return bool(_words_regex(name).search(text.lower()))


def _early_modal(text: str) -> bool:
    """A modal near the start ("Cần có giải pháp", "X phải ..."), not deep inside a noun phrase."""
    return bool(_MODAL.search(" ".join(text.split()[:8])))


def classify(clause: Clause, text: str) -> str:
    """The kind of one clause (its roles, agencies and zone already known)."""
    if clause.zone == "trailer" or clause.part in ("lead", "heading", "field"):
        return "other"
    body = text.strip()
    roles = clause.roles
    predicate = body[roles.predicate:].strip(" ,:") if roles.predicate < len(body) else ""
    zone = clause.node.zone_at(clause.start)
    announces = _ANNOUNCE.search(body) and all(name.startswith("Văn phòng") for name in roles.responsible)
    if _CLOSING.search(body) or announces or body.isupper() or len(re.findall(r"\w+", body)) < 3:  # a title, however long
        return "other"
    if _LEGAL_BASIS.match(body) or _SUBJECT_LINE.match(body) or _IN_FORCE.match(body):
        return "other"
    not_a_task = _NOT_A_TASK.match(body) or _NOT_A_TASK.match(predicate)
    generic = _GENERIC_TASK.match(predicate) or (  # the lead-in pattern ends with ":": skip the others unscanned
        body.endswith(":") and _GENERIC_LEADIN.match(body[skip_modifiers(body, roles.predicate):].strip(" ,")))
    accountable = roles.by_verb and not_a_task is not None and not_a_task.group(0).lower().startswith("chịu")
    if not_a_task and not (roles.verb_first and not_a_task.group(0).lower() == "là") and not accountable or generic:
        return "other"  # "Giao X chịu trách nhiệm trước ..." is a task: an assignment names who answers for it
    if table("decisions").starts(body) or table("decisions").starts(predicate):
        return "other"
    title = _DOCUMENT_TITLE.match(body)
    if title and not roles.responsible and not _early_modal(body) \
            and not any(m.start <= title.start("word") < m.end for m in clause.mentions):
        return "other"  # "Báo cáo Tình hình thực hiện ...": a document's name, not "báo cáo" the verb
    if roles.responsible and not re.search(r"\w", re.sub(r"\([^)]*\)", "", predicate)):
        return "other"  # a name alone: a recipient or a list entry
    if roles.speaker and not roles.responsible:
        return "assessment" if _DESCRIPTIVE.match(predicate) or _SPEAKER_REVIEWS.match(body) else "other"
    if body.endswith(":") and not roles.assigned and not roles.responsible:
        return "other"
    assigned = roles.assigned and bool(roles.responsible)
    if (zone == "purpose" or _TARGET.match(body)) and not clause.agencies:
        return "other"  # a plan's purpose, requirement or target ("Bảo đảm sự phối hợp chặt chẽ ...")
    if _DEFINITION.match(body) and not roles.responsible:
        return "issue" if _has(body, "problems") else "other"  # a view, which may name a problem
    has_scope = bool(clause.agencies) and zone != "review"
    if (_PRAISE.match(body) or _PRAISE.match(predicate)) and not (has_scope and roles.verb_first and not assigned):
        return "assessment"
    descriptive = bool(_DESCRIPTIVE.match(predicate) or _NUMERIC.match(predicate) or _ACHIEVED.search(body)
                       or (not roles.verb_first and _PASSIVE.match(predicate) and not _early_modal(body)))
    problem = _has(_CONDITION.sub("", body.replace(clause.deadline or "\0", "")), "problems")  # not "chậm nhất ngày ..."
    if not assigned and table("preamble").starts(body.lower()) and not scope_at(body, 0) \
            and not (roles.verb_first and clause.agencies and zone == "task"):  # "Căn cứ chức năng, nhiệm vụ, ..." is a remit
        return "issue" if problem and _SHORTFALL.search(body) else "other"  # "Đến nay, X chưa …": a shortfall after an opener
    if descriptive:
        return "issue" if problem else "assessment"
    directive_words = roles.verb_first or bool(_early_modal(body))
    if assigned and (directive_words or roles.action):
        return "directive"
    if zone == "review" and not _early_modal(body):
        return "issue" if problem else "assessment"
    if directive_words and (clause.agencies or zone == "task" or roles.action):
        return "directive"
    if problem and zone == "task" and clause.agencies and not _SHORTFALL.search(body) \
            and (_MODAL.search(body.replace("không phải", "")) or _HAVE_OR_NOT.match(body)):
        return "directive"  # the scope's agencies' duty about a hardship ("Đối với … vượt thẩm quyền, phải kịp thời …")
    if problem:
        return "issue"
    if _has(body, "assessment"):
        return "assessment"
    return "other"


# A task whose items are what it must meet: "Giao Bộ Tư pháp chủ trì thẩm định ..., bảo đảm các yêu cầu sau:"
_REQUIREMENTS_BELOW = re.compile(r"[,;]\s*(?:bảo đảm|đảm bảo|đáp ứng)\s+(?:các|những|một số)\s+yêu cầu\s+(?:như\s+)?sau\s*:$",
                                 re.IGNORECASE)


def _lead_is_the_task(doc: NoticeDoc, position: int) -> bool:
    """A lead-in with its own verb and addressees whose items hold no task ("Đề nghị các sở,
    ngành báo cáo các nội dung sau trước ngày 10/12/2025: a) Tình hình giải ngân ...; b) ...") or
    are the requirements its task must meet ("Giao Bộ Tư pháp chủ trì thẩm định ..., bảo đảm
    các yêu cầu sau:")."""
    lead = doc.clauses[position]
    text = doc.clause_text(lead).strip()
    if not (lead.roles.action and (lead.lead or lead.roles.responsible)) or lead.zone == "trailer" \
            or _GENERIC_LEADIN.match(text[skip_modifiers(text, lead.roles.predicate):].strip(" ,")):
        return False
    under = []
    for clause in doc.clauses[position + 1:]:
        if clause.start < lead.end:
            continue
        if lead.node not in clause.node.chain():
            break
        under.append(clause)
    return bool(under) and (not any(c.kind == "directive" for c in under) or bool(_REQUIREMENTS_BELOW.search(text)))


def title_span(doc: NoticeDoc) -> tuple[int, int]:
    """Where the notice's title (metadata) first stands in its text, (0, 0) when nowhere: the
    subject line under the type word ("KẾ HOẠCH / Triển khai thi hành Luật Việc làm") names what
    the notice is about, it assigns nothing."""
    words = (doc.meta.title or "").split()
    found = re.search(r"\s+".join(map(re.escape, words)), doc.text) if words else None
    return found.span() if found else (0, 0)


def classify_clauses(doc: NoticeDoc) -> NoticeDoc:
    """Set every clause's kind (a clause that ends inside the notice's title is other, with the
    type word before it, "THÔNG BÁO / KẾT LUẬN CỦA BAN THƯỜNG VỤ ... về ...", unless a full stop
    or ";" closes it: a title does not end so, a body sentence the title ran into does)."""
    title = title_span(doc)
    for clause in doc.clauses:
        if title[0] < clause.end <= title[1] and not doc.clause_text(clause).rstrip().endswith((".", ";")):
            clause.kind = "other"
        elif clause.part == "row":
            clause.kind = "directive" if clause.row and (clause.roles.action or clause.row.get("lead")) else "other"
        else:
            clause.kind = classify(clause, doc.clause_text(clause))
    for position, clause in enumerate(doc.clauses):
        if clause.part == "lead" and _lead_is_the_task(doc, position):
            clause.kind = "directive"
            clause.agencies = clause.agencies or list(clause.lead or clause.roles.responsible)
            clause.cooperating = clause.cooperating or partners(clause)  # "- Cơ quan phối hợp: ..." below it too
    return doc
