"""Rules that find intents, urgency and sentiment cues in posts.

Every rule is a precompiled regular expression over the folded text (see
``preprocess.fold``) with @mentions and URLs already removed, and ``cues.scan`` runs
each one over a whole batch at once. The cues are English.

NOTE: a rule cannot tell whom a post switches to or away from, because that needs the
entities of the company graph, so ``switching`` and ``churn_risk`` are direction-blind.
"""

import re

# Separates the posts of a batch that one pattern scans at once, so no pattern may
# match it: patterns use ``[^\w\x00]`` or ``[^\s\x00]`` where ``\W`` or ``\S`` would do.
SEPARATOR = "\x00"


def _cues(*alternatives: str) -> re.Pattern[str]:
    """Compile whole-word alternatives into one pattern. Each alternative must start
    and end with a word character."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


# Signs of a service failure. A negative post with one of them is a complaint, and
# each one also pulls the sentiment score down.
COMPLAINT_CUES = _cues(
    r"delay(?:ed|s)?",
    r"cancel+(?:ed|ing|ation)",
    r"lost (?:my |our |the )?(?:bag|bags|baggage|luggage|suitcase|package|order)",
    r"broken|broke down|leak\w*|damaged|defective|faulty",
    r"refund\w*|overcharg\w*|charged (?:me )?(?:twice|double)",
    r"worst|never again|terrible|horrible|awful|unacceptable|ridiculous",
    r"rude|disappoint\w*|frustrat\w*",
    r"still (?:waiting|no|not|nothing|haven't|hasn't|havent|hasnt|on hold)",
    r"\d+\s*(?:hours?|hrs?|mins?|minutes|days)|hours|hrs",
    r"on hold|hung up|stuck|stranded|late",
    r"miss(?:ed)? (?:my|our|the) (?:connection|flight|train|bus)",
    r"no ?one|nobody|nothing",
    r"waiting|wait(?:ed)? (?:for|on)",
    r"(?:a|what a|complete|total) joke",
    r"not working|doesn't work|stopped working|keeps? (?:crashing|failing)",
    r"(?:can't|cannot|cant|couldn't|unable to) (?:get|find|reach|check|book|change"
    r"|log ?in|access|use|talk|speak)",
)

# Words that often mark a negative post without naming a failure. They only pull
# the sentiment score down.
FRUSTRATION_CUES = _cues(
    r"not|never|can't|cannot|cant|couldn't|won't|wont|doesn't|doesnt|didn't|didnt",
    r"why|again|(?:told|telling) (?:me|us)",
)

PRAISE_CUES = _cues(
    r"thanks?|thank you|thx|thnx|ty|kudos|props|shout ?out",
    r"love[ds]?|great|awesome|amazing|best|excellent|fantastic|wonderful|brilliant",
    r"appreciate[ds]?|impressed|well done|good job|nice job",
    r"(?:highly|definitely|totally|would|will) recommend",
)

QUESTION_OPENING = re.compile(
    r"(?:^|(?<=\x00)|[.!;:]\s+)(?:"
    r"(?:what|why|when|where|who|whom|whose|which)\b(?!\s+an?\b)"
    r"|how (?:do|does|did|can|could|should|would|will|is|are|was|long|much|many"
    r"|come|often|soon|to)\b"
    r"|(?:can|could|will|would|do|does|did|is|are|was|were|should|shall|has|have"
    r"|had|may|am|isn't|aren't|don't|doesn't|didn't|won't|can't|wouldn't|haven't"
    r"|hasn't) (?:i|you|we|they|he|she|it|there|anyone|anybody|someone|somebody"
    r"|your|u|y'all|ya)\b)"
)
QUESTION_CUES = _cues(
    r"how (?:do|can|should|would|could) (?:i|we)",
    r"(?:anyone|anybody|someone|somebody) (?:know|knows|tell|help|have|got)",
    r"any idea (?:how|why|when|where|what|if|whether)",
    r"wondering (?:if|whether|how|why|when|what|where)",
    r"is (?:it|there) (?:a way|any way|possible)",
    r"can (?:you|u) (?:please )?(?:tell|help|confirm|check|explain|advise|let)",
)

BUYING_CUES = _cues(
    r"looking (?:for|to buy|to get|to purchase) (?:a|an|some|any|recommendations?"
    r"|suggestions?|options?|alternatives?|new|good)",
    r"(?:can|could) (?:anyone|anybody|someone|somebody|you) recommend",
    r"any (?:recommendations?|suggestions?)|recommendations? (?:for|on)",
    r"(?:get|need|request|want|send me) (?:a )?quote|quote for",
    r"pricing|price list|prices? (?:for|of)|how much (?:is|are|does|do|for|would|will)",
    r"where (?:can|do|could) (?:i|we) (?:buy|order|purchase)",
    r"in the market for",
    r"thinking (?:of|about) (?:buying|getting|ordering|upgrading)",
    r"(?:want|wanna|like|looking|trying|planning|hoping|ready|going) to (?:buy|order"
    r"|purchase|book|upgrade|subscribe|sign up)",
    r"free trial|(?:book|request|schedule|get|want) (?:a )?demo",
    r"do you (?:ship|deliver|sell|offer) (?:to|in|any|a|an)",
)

# Negative lookahead that rejects a booking change (a flight, seat or gate) after
# "switch to" or "moving to", which names no brand.
_NOT_A_BRAND = (
    r"(?!(?:[^\s\x00]+\s+){0,4}(?:flights?|seats?|gates?|planes?|aircraft|terminals?|rows?"
    r"|connections?|routes?|times?|dates?|days?|am|pm|\d)\b)"
)

SWITCHING_CUES = _cues(
    r"switch(?:ed|ing|es)? (?:(?:my|our) \w+ )?(?:over |back )?(?:from|to) "
    + _NOT_A_BRAND
    + r"\w+",
    r"(?:moving|moved|move) (?:(?:my|our) (?:business|account|accounts|money|service"
    r"|data|plan) )?(?:over )?to " + _NOT_A_BRAND + r"(?:another|a different"
    r"|a competitor|other)",
    r"(?:went|going|go|gone) (?:back )?(?:with|to) " + _NOT_A_BRAND + r"(?:another"
    r"|a different|a competitor|the competition)",
    r"(?:another|a different|other) (?:airline|provider|carrier|company|bank|brand"
    r"|vendor|supplier|service) (?:from now on|next time|instead)",
    r"from now on (?:i|we)(?:'ll| will)? (?:fly|use|buy|go with|shop|book|order)",
    r"(?:ditch|ditched|ditching|dump|dumped|dumping) \w+ for",
    r"(?:leaving|left) (?:you|you guys|y'all|u) for",
)

CHURN_CUES = _cues(
    r"cancel+(?:ing)? (?:my|our) (?:account|subscription|membership|contract|plan"
    r"|service|card|policy)",
    r"clos(?:e|ing) (?:my|our) account|unsubscrib\w*",
    r"(?:i'm|i am|we're|we are|so|totally|officially) done with",
    r"never (?:\w+ ){0,5}?again",
    r"(?:won't|wont|will not|will never|i'll never|not going to|never going to)"
    r" (?:\w+ ){0,3}?(?:again|anymore|any more)",
    r"last time (?:i|we)(?:'ll| will)? (?:fly|flew|use|used|buy|bought|order"
    r"|ordered|book|booked)",
    r"take (?:my|our) (?:business|money) elsewhere",
    r"lost (?:a|another|one) (?:\w+ )?customer",
    r"(?:find|finding|look for|looking for) (?:an?(?:nother)? |a )?(?:different|new"
    r"|better|another) (?:airline|provider|carrier|company|bank|vendor|supplier"
    r"|service)",
    r"switch(?:ing|ed)? (?:over )?to " + _NOT_A_BRAND + r"\w+",
)

_SAFETY_CUES = (
    r"unsafe|not safe|safety (?:issue|hazard|concern|risk)|danger(?:ous)?"
    r"|emergency(?! exit| row)|(?<!insult to )injur\w*|(?:got|was|were|am|is) hurt"
    r"|bleeding|smoke|fumes|caught fire"
    r"|(?:gas|carbon monoxide) leak|explod\w*|ambulance|paramedics?|medical attention"
    r"|heart attack|seizure|allergic reaction|anaphyla\w*|police|assault\w*"
    r"|harass\w*|threaten\w*|weapon|bomb|fainted|passed out|collapsed|choking"
    r"|electrocut\w*|overheat\w*"
)
_LEGAL_CUES = (
    r"lawyers?|attorneys?|lawsuit|sue|suing|legal action|small claims|class action"
    r"|court|discriminat\w*|chargeback"
    r"|(?:file|filing|filed) (?:a )?(?:complaint|report) with"
    r"|report(?:ing)? (?:you|this|it) to (?:the )?(?:dot|faa|ftc|bbb|fcc|cfpb"
    r"|ombudsman|regulator|authorities)"
)
_OUTAGE_CUES = (
    r"outage|(?:site|website|app|system|systems|server|servers|portal)"
    r" (?:is |are |went |has gone |have gone |still |been )?(?:down|offline"
    r"|unavailable)|(?:service|network|internet|wifi|page) (?:is|are|went|has gone"
    r"|still) (?:down|offline|unavailable)"
    r"|(?:site|website|app|system) (?:crashed|keeps crashing)"
)
_STRANDED_NOW_CUES = (
    r"stranded|stuck (?:at|in|on) (?:the )?(?:airport|gate|tarmac|plane|station"
    r"|terminal|border)|sleeping (?:at|in) (?:the )?(?:airport|terminal|station)"
    r"|no (?:hotel|place to (?:stay|sleep)|way (?:home|to get home))"
    r"|urgent|urgently"
)
URGENT_CUES = _cues(_SAFETY_CUES, _LEGAL_CUES, _OUTAGE_CUES, _STRANDED_NOW_CUES)
