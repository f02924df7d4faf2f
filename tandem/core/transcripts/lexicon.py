"""Word lists: function-word categories, permission asking, and therapist self-disclosure cues.

The nine function-word categories follow Ireland & Pennebaker (2010), "Language style matching in
writing: synchrony in essays, correspondence, and poetry", Journal of Personality and Social
Psychology 99(3):549-571, who used LIWC's dictionaries. LIWC's lists are licensed, so the lists
below are our own, written for conversational English; they cover the common members of each
category rather than every rare one. Danescu-Niculescu-Mizil, Lee, Pang & Kleinberg (2012),
"Echoes of power: language effects and power differences in social interaction" (WWW 2012) use
eight of these categories (all but negations) as coordination markers.
"""

from __future__ import annotations


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "personal_pronouns": _set(
        "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him "
        "his himself she her hers herself they them their theirs themselves i'm i've i'll i'd "
        "we're we've we'll we'd you're you've you'll you'd he's she's they're they've they'll "
        "they'd"
    ),
    "impersonal_pronouns": _set(
        "it its itself it's that that's this these those what what's which whichever whatever "
        "anything anyone anybody something someone somebody everything everyone everybody "
        "nothing nobody none one ones another other others such"
    ),
    "articles": _set("a an the"),
    "conjunctions": _set(
        "and but or nor so yet because although though while whereas unless until since if "
        "whether also plus either neither as"
    ),
    "prepositions": _set(
        "about above across after against along among around at before behind below beneath "
        "beside between beyond by down during except for from in inside into near of off on "
        "onto out outside over past through throughout to toward towards under underneath up "
        "upon with within without via per like"
    ),
    "auxiliary_verbs": _set(
        "am is are was were be been being have has had having do does did doing will would "
        "shall should can could may might must isn't aren't wasn't weren't haven't hasn't "
        "hadn't don't doesn't didn't won't wouldn't shouldn't can't couldn't mightn't mustn't "
        "'s 're 've 'll 'd gonna gotta"
    ),
    "common_adverbs": _set(
        "very really just so too quite rather pretty almost already always never often "
        "sometimes usually ever even still yet again here there now then today soon maybe "
        "perhaps probably actually basically totally completely only also well how when where "
        "why"
    ),
    "negations": _set(
        "no not never none nothing nobody nowhere neither nor n't isn't aren't wasn't weren't "
        "don't doesn't didn't won't wouldn't can't cannot couldn't shouldn't haven't hasn't "
        "hadn't ain't"
    ),
    "quantifiers": _set(
        "all any some many much more most few fewer less least lot lots several each every "
        "both enough half whole plenty bit little lot numerous"
    ),
}

# Coordination markers (Danescu-Niculescu-Mizil et al., 2012): the LSM categories but negations.
COORDINATION_MARKERS: tuple[str, ...] = tuple(c for c in FUNCTION_WORDS if c != "negations")

# MITI 4.2.1 "Persuade with permission": advice counts as MI-adherent when the therapist first
# asks permission, or when the client asks for it. These phrases mark either, in the two turns
# before the advice or at its start ("If it's okay with you, …").
PERMISSION_PHRASES: tuple[str, ...] = (
    "is it okay if",
    "is it ok if",
    "would it be okay",
    "would it be ok",
    "would it be alright",
    "would it be all right",
    "do you mind if",
    "would you mind if",
    "can i share",
    "could i share",
    "may i share",
    "can i tell you",
    "could i tell you",
    "may i tell you",
    "can i offer",
    "could i offer",
    "may i offer",
    "can i suggest",
    "could i suggest",
    "can i give you",
    "would you like some",
    "would you like to hear",
    "would you like me to",
    "would you be interested",
    "are you interested in",
    "if it's okay with you",
    "if it's ok with you",
    "if you're okay with",
    "with your permission",
    "can i make a suggestion",
    "i wonder if it would help if i",
    "would it help if i",
    "do you want to hear",
    "want me to tell you",
)
# The client turning down an offer of advice ("No thanks", "I'd rather not"): the therapist's
# question then gave no permission.
DECLINING: tuple[str, ...] = (
    "no", "nope", "not really", "not now", "not right now", "i'd rather not", "i would rather not",
    "rather not", "no thanks", "no thank you", "please don't", "i don't want", "not today",
    "i'm not ready", "i am not ready", "not yet",
)  # fmt: skip
# Cues that a turn tells the client what to do (MITI 4.2.1 "Persuade"): a self-disclosure without
# any of them is not counted as advice, whatever the classifier says.
ADVISING_CUES: tuple[str, ...] = (
    "you should", "you could", "you need to", "you have to", "you must", "you might want to",
    "you ought to", "why don't you", "why not", "try", "i'd suggest", "i would suggest",
    "i suggest", "i'd recommend", "i would recommend", "i recommend", "make sure", "it's best to",
    "it is best to", "the best thing", "if i were you",
)  # fmt: skip
ASKING_FOR_ADVICE: tuple[str, ...] = (
    "what should i", "what do you think i should", "what would you do", "what do you suggest",
    "what would you suggest", "what do you recommend", "what can i do", "do you have any advice",
    "any advice", "any ideas", "any suggestions", "tell me what to do", "how do i", "how can i",
    "what are my options", "what else can i",
)  # fmt: skip

# Therapist self-disclosure: talk about the therapist's own life (Hill & Knox, 2001, define it as
# statements that reveal something personal about the therapist). Cues are first-person phrases
# about the therapist's own history, family or experience; "I think" / "I hear" / "I wonder" are
# the ordinary working voice of a therapist and are not disclosure.
DISCLOSURE_PHRASES: tuple[str, ...] = (
    "i used to", "i myself", "me too", "i've been through", "i went through",
    "i have been through", "i had the same", "i've had the same", "i've struggled", "i struggled",
    "i remember when i", "in my own life", "in my life", "my own experience", "my experience",
    "happened to me", "i know how it feels", "i know what it's like", "i've felt", "i have felt",
    "i quit", "i stopped smoking", "i stopped drinking", "i was a smoker", "i used to smoke",
    "i used to drink", "i'm a parent", "i'm a mother", "i'm a father", "as a parent myself",
    "i have kids", "i have children", "i've got kids", "i have a son", "i have a daughter",
    "i grew up", "i lost my", "i was diagnosed", "i'm in recovery", "i am in recovery",
    "i was in your shoes", "i've been there", "i have been there", "same thing happened to me",
    "i did that too", "i do that too", "i've done that too",
)  # fmt: skip
# Patterns for the same, where a fixed phrase would be too narrow: the therapist's own past
# ("when I started running", "back when I was at university"), and having had the client's own
# trouble ("I had exactly the same trouble"). Every pattern contains a first-person word (the
# tests check it), and none matches the working voice ("when I hear you say", "I had a look at
# your form", "when I was listening to you").
DISCLOSURE_PATTERNS: tuple[str, ...] = (
    r"when i (?:was (?!listening|hearing|thinking|reading|looking|preparing|reviewing|talking)"
    r"|(?:started|began) (?!this|our|the session|today|working|seeing|talking)"
    r"|quit|lived)",
    r"i had (?:\w+ ){0,2}(?:the same|a similar|my own) "
    r"(?:trouble|problem|thing|experience|issue|struggle|difficulty|worry|habit)",
    r"i (?:\w+ )?(?:struggled|battled|wrestled) with",
    r"i (?:smoked|drank)",
)
FAMILY_WORDS = _set(
    "wife husband partner son daughter kids children mother mum mom father dad brother sister "
    "family girlfriend boyfriend grandmother grandfather"
)
