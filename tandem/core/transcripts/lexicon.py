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
# Cues that a turn tells the client what to do (MITI 4.2.1 "Persuade"), found anywhere in a
# sentence that is not a question. Tuned on Tandem's own phrase set (phrases/development.txt) and
# measured on its held-out half and on AnnoMI's advice label (docs/transcripts.md).
ADVISING_CUES: tuple[str, ...] = (
    "you should", "you shouldn't", "you need to", "you have to", "you've got to", "you got to",
    "you must", "you ought to", "you might want to", "you may want to", "you'd better",
    "you had better", "you could try", "you could give", "it would be good for you to",
    "it'd be good for you to", "it would help you to", "it's best to", "it is best to",
    "the best thing is", "the best thing to do", "the thing to do is", "what you should do",
    "what you need to do", "what you want to do is", "my advice", "i'd suggest", "i would suggest",
    "i suggest", "i'd recommend", "i would recommend", "i recommend", "if i were you",
    "make sure you", "give it a go", "give it a try", "give that a go", "give that a try",
    "give this a go", "give this a try",
)  # fmt: skip
# Questions that are suggestions ("Why don't you switch your phone off?").
ADVISING_QUESTIONS: tuple[str, ...] = ("why don't you", "why not", "why do not you")
# … unless they invite the client to talk ("Why don't you tell me about it?", "Why not?").
TALK_INVITATIONS: tuple[str, ...] = (
    "tell", "fill", "talk", "say", "describe", "walk me", "share", "start by telling", "explain",
    "give me", "let me",
)  # fmt: skip
# Verbs that, first in a sentence or clause, tell the client what to do ("Delete the apps
# tonight", "Just ring them"): the imperative. Verbs of the working voice ("tell me", "go on",
# "take your time", "imagine") are kept out by IMPERATIVE_EXCEPTIONS.
IMPERATIVE_VERBS = _set(
    "try stop start quit cut delete set put turn switch ring call phone text email book get go "
    "take have eat drink avoid leave keep make write plan buy open join sit walk spend "
    "limit drop ask tell talk give use find move sleep skip practise practice remember "
    "schedule block unsubscribe throw pick choose do read breathe count speak reach cancel "
    "pour hide lock unplug exercise run swim aim stick"
)
IMPERATIVE_EXCEPTIONS: tuple[str, ...] = (
    "tell me", "talk me", "talk to me", "say more", "say a bit more", "say a little more",
    "go on", "go ahead", "go back to what you said", "take your time", "take all the time",
    "take a moment", "take a breath", "have a good", "have a nice", "have a lovely",
    "have a great", "see you", "keep going", "keep talking", "give me", "do go on",
    "remember you said", "let me", "let's", "take care", "take a seat", "sit down",
    "call me", "tell us", "do you", "have you", "don't wanna", "don't want", "don't know",
    "don't think", "don't feel", "don't have", "don't need", "don't like", "don't seem", "take a look", "have a look", "ring me", "email me", "text me",
    "sit wherever", "come in",
)  # fmt: skip
# Framing that makes the rest of the sentence the client's own view, not the therapist's
# direction: "You feel you should be doing more" is a reflection (MITI 4.2.1).
REFLECTIVE_FRAMES: tuple[str, ...] = (
    "you feel", "you're feeling", "you are feeling", "you think", "you're thinking",
    "you are thinking", "you believe", "you said", "you say", "you're saying", "you are saying",
    "you mentioned", "you know you", "you know that", "you wish", "you worry", "you're worried", "you wonder",
    "you told", "you were told", "you've been told", "you reckon", "you sense", "you've decided",
    "you decided", "you want", "you'd like", "part of you", "sounds like", "it sounds",
    "seems like", "as if", "people tell you", "everyone tells you", "they tell you",
    "they say", "someone", "somebody",
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
    r"when i (?:was (?!listening|hearing|thinking|reading|looking|preparing|reviewing|talking|first|just)"
    r"|(?:started|began) (?!this|our|the session|today|working|seeing|talking)"
    r"|quit|lived)",
    r"i had (?:\w+ ){0,2}(?:the same|a similar|my own) "
    r"(?:trouble|problem|thing|experience|issue|struggle|difficulty|worry|habit)",
    r"i (?:\w+ )?(?:struggled|battled|wrestled) with",
    r"i (?:smoked|drank)",
    # what worked in the therapist's own life ("that always works for me", "what helped me");
    # a bare "that works for me" is arranging the next appointment, so it is not here
    r"(?:always|usually|really|honestly) works for me",
    r"worked (?:\w+ ){0,2}for me",
    r"helped me(?!(?: \w+){0,2} (?:to )?(?:understand|see|get|make sense|follow|think|hear|know))",
    r"made (?:a |all the )?(?:\w+ )?difference (?:for|to) me",
    r"got me through",
    r"keeps me (?:sane|going|well|calm)",
    # the therapist's own present, said as sharing the client's ("I get anxious … too",
    # "I'm divorced myself", "I'm not a morning person either"); the working voice ("I think so
    # too", "I'm glad you came too") is kept out by the verbs allowed
    r"i(?:'m| am| get| find| feel| was| have| had| do| go| use| love| hate| struggle| play"
    r"|'ve been|'ve had|'ve got| used to| like)\b(?! (?:really |so |very )?(?:glad|pleased|happy"
    r"|sorry|sure|curious|wondering|hearing|noticing|struck|aware|interested|not sure|thinking"
    r"|going to ask|here|willing))"
    r"(?:(?!\byou)[^,.;!?]){0,40}\b(?:too|either|as well|myself)(?=$|[,.;!?])",
    r"so (?:did|do|am|was|have) i(?=$|[,.;!?])",
    r"(?:neither|nor) (?:do|did|am|was|have) i(?=$|[,.;!?])",
    r"me neither",
    r"speaking (?:for myself|personally)",
    # the therapist's own past, anchored in time ("a few years ago", "as a child", "in my
    # twenties", "all through university")
    r"i\b(?:(?!\byou)[^.;!?]){0,40}\b(?:years ago|as a (?:child|kid|teenager|boy|girl|student)"
    r"|in my (?:teens|twenties|thirties|forties|fifties|youth)"
    r"|(?:at|through|all through) (?:university|uni|college|school|secondary school)|growing up)",
    # the therapist's own health, habits, family and circumstances
    r"i(?:'ve| have)? (?:had|have|suffer from|suffered from|live with|lived with|was diagnosed with"
    r"|get|got) (?:\w+ )?(?:panic attacks|depression|anxiety|migraines|insomnia|ptsd|ocd"
    r"|an eating disorder|cancer|a breakdown|burnout|a miscarriage|chronic pain|adhd|asthma"
    r"|diabetes)",
    r"i(?:'ve| have)? (?:been|am|'m) (?:sober|clean|teetotal|in recovery)",
    r"i (?:gave up|stopped|quit) (?:smoking|drinking|alcohol|cigarettes|vaping|the cigarettes"
    r"|the booze)",
    r"i (?:have|'ve got|had) (?:a |an |one |two |three |four |five |\d+ )?(?:kids|children|son|sons"
    r"|daughter|daughters|grandchildren|grandkids|teenagers|stepchildren|baby|toddler)\b",
    r"i'm (?:divorced|separated|widowed|a widow|a widower|married|a single (?:parent|mum|mom|dad)"
    r"|a worrier|an introvert|a carer|an only child|a twin|a parent|a mum|a mom|a dad)\b",
    r"i (?:always|usually|often|sometimes) (?:go|run|swim|walk|cycle|read|play|cook|meditate"
    r"|sleep|drink|eat)\b",
    r"i (?:go|do|run|swim|walk|cycle|meditate|play|practise|practice) [^.;!?]{0,40}\bevery "
    r"(?:day|morning|evening|night|week|weekend|sunday|monday|tuesday|wednesday|thursday"
    r"|friday|saturday)",
)
FAMILY_WORDS = _set(
    "wife husband partner son daughter kids children mother mum mom father dad brother sister "
    "family girlfriend boyfriend grandmother grandfather"
)
