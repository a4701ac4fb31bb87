"""Unkind detector: slurs, threats, telling someone to harm themselves, targeted insults,
exclusion and hate. "high" for slurs, threats and harm-urging; "medium" for the rest.

Praise idioms ("you killed it", "sick solo", "that was insane", "you're a beast at chess",
"killer goal", "bad-ass", "stupid good") are found first (`praise_spans`) and nothing inside
them counts, for the rules here or for the statistical model.
"""

from __future__ import annotations

from .normalise import Normalised
from .rules import Hit, Rule, RuleSet, negated, overlaps

HIGH = "high"
MEDIUM = "medium"

# Identity slurs. Kept short and spelled plainly on purpose: the normaliser undoes the
# disguises ("f4g", "r3tard"), so each word needs writing once.
SLURS = (
    r"nigger|niggers|nigga|niggas|niggaz|nigg|niga|nigs|faggot|faggots|fag|fags|faggy|dyke|dykes|"
    r"tranny|trannies|shemale|retard|retards|retarded|tard|spaz|spazz|spastic|mong|mongoloid|"
    r"chink|chinks|paki|pakis|kike|kikes|wetback|gook|gooks|coon|coons|raghead|towelhead|gyppo|"
    r"gypo|pikey|pikeys|wog|wogs|beaner|beaners|sambo|jigaboo|porch monkey|halfwit"
)
# Words that insult whoever they are said to, whatever the sentence around them.
ABUSIVE_WORDS = (
    r"bitch|bitches|bitchy|biatch|hoe|hoes|hoez|thot|thots|slut|sluts|slutty|whore|whores|skank|"
    r"skanks|slag|slags|cunt|cunts|twat|twats|wanker|wankers|tosser|dickhead|dickheads|bellend|"
    r"knobhead|prick|pricks|bastard|bastards|motherfucker|motherfuckers|asshole|assholes|arsehole|"
    r"arseholes|dumbass|jackass|douchebag|douche|scumbag|shithead|pussy|pussies|cocksucker|"
    r"dipshit|fatso|fatass|fatty|neek|wasteman|nonce"
)
# Insults that need a target ("you ...", "what a ...", "she's such a ..."). Strong ones work
# straight after "you"/"your" ("you idiot", "your idiot brother"); weak ones need an article
# ("you're a joke", not "your joke").
STRONG_NOUNS = (
    r"idiot|idiots|loser|losers|moron|morons|freak|freaks|weirdo|weirdos|creep|creeps|dork|"
    r"imbecile|cretin|dunce|numpty|plonker|muppet|pleb|scrub|simp|incel|psycho|psychopath|"
    r"sociopath|parasite|vermin|scum|crybaby|cry baby|attention seeker|nutter|nutcase|dweeb|"
    r"fool|pillock|airhead|bimbo|dumbo|waste of space|waste of air|waste of oxygen|"
    r"waste of skin|failure|nobody|disgrace|loner|reject|wet wipe|beached whale"
)
WEAK_NOUNS = (
    r"pig|cow|clown|joke|embarrassment|mistake|rat|snake|liar|waste|baby|whale|hippo|"
    r"donkey|virgin|melt|div|goblin|gremlin|troll|sheep|dog|beggar|tramp|peasant|headcase|"
    r"nothing|disappointment|accident|burden|weirdo|creep|try hard|tryhard|wannabe|bully"
)
INSULT_ADJECTIVES = (
    r"stupid|dumb|ugly|fat|pathetic|worthless|useless|disgusting|gross|annoying|cringe|cringey|"
    r"cringy|weird|thick|braindead|brain dead|brainless|smelly|stinky|hideous|irrelevant|fake|"
    r"lame|dense|clueless|embarrassing|trash|garbage|rubbish|psycho|autistic|spineless|"
    r"deformed|inbred|unwanted|unlovable|ugly af|dumb af|a joke|a nobody|a waste"
)

MACROS = {
    "SLUR": SLURS,
    "ABUSIVE": ABUSIVE_WORDS,
    "STRONG": STRONG_NOUNS,
    "WEAK": WEAK_NOUNS,
    "ADJ": INSULT_ADJECTIVES,
    "INTENS": r"so|such|really|very|literally|actually|honestly|just|absolutely|totally|"
    r"completely|proper|properly|seriously|the most|the biggest|fucking|freaking|bloody|lowkey|"
    r"kinda|fr|even|still|always|more|most|ugly|fat|dumb|stupid|little|big|sad|pathetic|"
    r"worthless|useless|massive|total|complete|absolute|utter|huge|all|both|two faced|twofaced|"
    r"backstabbing|fake|lying|sneaky|dirty|filthy|disgusting|smelly|weird|creepy",
    "ARTICLE": r"a|an|the|such a|such an|one|like a|like an|of a|some",
    "YOU_ARE": r"you are|you|you were|you r|you all are|yall are|yall|you guys are|you lot are|"
    r"you lot|you look|you look like|you sound|you sound like|"
    r"you act|you act like|you seem|you seem like|your being|your such|your like",
    "THEY_ARE": r"hes|shes|he is|she is|they are|theyre|@ is|@ s|@ are|@ looks|@ was|he was|"
    r"she was|they were|he looks|she looks|they look|@ looks like|he looks like|she looks like",
    "TARGET": r"you|your|yourself|@|him|her|them|u",
    "ME_SUBJ": r"i|ill|i will|im going to|im gonna|i am going to|im|we|well|we will|were going to|"
    r"im about to|i swear i will|i swear ill|i swear im going to|i am",
    "HURT": r"hurt|kill|beat|punch|stab|smash|batter|slap|kick|deck|jump|shank|murder|strangle|"
    r"choke|end|destroy|break|ruin|knock|smack|bash|cut|shoot|burn|fight|drown|hunt|beat up|"
    r"beat the shit out of|slap|knock out|rip|headbutt",
    "NOBODY": r"nobody|no one|noone|not one person|none of us|not a single person|no body",
    "EVERYONE": r"everyone|everybody|everyones|everybodys|everyone is|everybody is|we all|"
    r"all of us|the whole (?:class|school|year|team|group)|"
    r"literally everyone|all the girls|all the boys|people|they all",
    "HARM_YOURSELF": r"kill (?:yourself|your self|yourselves)|hang (?:yourself|your self)|"
    r"drown (?:yourself|your self)|neck (?:yourself|your self)|end (?:yourself|your life)|"
    r"unalive (?:yourself|your self)|cut (?:yourself|your wrists)|slit your (?:wrists|throat)|"
    r"drink bleach|jump off (?:a|the) (?:bridge|cliff|building|roof)|die|rot|disappear|"
    r"starve|choke|get cancer|get hit by (?:a|the) (?:bus|car|train)|stop breathing|"
    r"not exist|leave and never come back|go away forever",
}

SLUR = "Slur"
ABUSIVE = "Insulting word"
THREAT = "Threat"
HARM = "Telling someone to harm themselves"
INSULT = "Insult"
EXCLUSION = "Leaving someone out"
HATE = "Hateful message"
GAY = "Using 'gay' as an insult"

RULES = [
    Rule(SLUR, HIGH, r"(?:{SLUR})", negatable=False),
    # -- telling someone to harm themselves -----------------------------------------------
    Rule(HARM, HIGH, r"kys|killyourself|killurself"),
    Rule(
        HARM,
        HIGH,
        r"(?:^|(?<=[.,] ))(?:just |pls |please |go |so )?(?:stop breathing|stop existing|die)"
        r"(?= [.,]|$| already| pls| please| lol| loser| idiot| you)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}|your|{THEY_ARE}) (?:(?:just|literally|only|such) ){0,2}(?:wasting|"
        r"a waste of) "
        r"(?:air|oxygen|space|skin|time)",
    ),
    Rule(
        HARM,
        HIGH,
        r"(?:go|pls|please|plz|hope you|hope u|why dont you|you should|you need to|i hope you|"
        r"i hope u|you could|you ought to|you should just|you could just|"
        r"do us all a favou?r and|do everyone a favou?r and|nobody would care if you|"
        r"the world needs you to) (?:(?:just|go|and|all|already|literally|please|fucking|"
        r"actually) ){0,4}(?:{HARM_YOURSELF})",
    ),
    Rule(
        HARM,
        HIGH,
        r"kill (?:yourself|your self|yourselves)(?! (?:over|revising|studying|"
        r"trying|working|for|with|doing|at))",
    ),
    Rule(HARM, HIGH, r"(?:neck|hang|unalive|drown) (?:yourself|your self)|drink bleach|just die"),
    Rule(
        HARM,
        HIGH,
        r"(?:{NOBODY}) (?:would|will|d|is going to|even|would even|would ever) (?:care|notice|"
        r"cry|be sad|mind) (?:if|when) (?:you|u) (?:died|disappeared|left|were gone|"
        r"was gone|killed yourself|were dead|was dead|stopped existing|never came back)"
        r"|(?:{NOBODY}) (?:would|will|d|is going to|would even|would ever) miss (?:you|u)",
    ),
    Rule(
        HARM,
        HIGH,
        r"(?:everyone|everybody|the world|we|the school|the team|your family|your parents|"
        r"your mum|your mom|life|earth|this school|the class|our class|everything) "
        r"(?:would|will|d|is|are) (?:be )?(?:so |much |a lot |way )?(?:better|happier) (?:off )?"
        r"(?:without you|without u|if you (?:died|were dead|didnt exist|left|disappeared))",
    ),
    Rule(
        HARM,
        HIGH,
        r"(?:why are you|why r you|why do you) (?:even |still )?(?:alive|breathing|"
        r"exist|existing|still here)",
    ),
    Rule(
        HARM,
        HIGH,
        r"(?:should|shouldve|should have|wish i|i wish i) (?:aborted|killed) (?:you|u)"
        r"|(?:hope|wish) (?:you|u) (?:die|died|were dead|get hit|got hit|get cancer|get run over|"
        r"drown|choke|rot|never wake up)",
    ),
    # -- threats --------------------------------------------------------------------------
    Rule(
        THREAT,
        HIGH,
        r"(?:{ME_SUBJ}) (?:(?:going|gonna|to|actually|literally|really|honestly|fucking|"
        r"swear|will|come|and|then|seriously|just|so) ){0,4}(?:{HURT}|hit) (?:you|u|@|him|her|your)"
        r"(?! (?:at|in|to|on|for|with a|with the|over|back in|up the|out of|off the|a game|"
        r"next time|all the)\b)(?<!hit you)(?<!hit u)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}|your|{THEY_ARE}) (?:(?:{INTENS}) ){0,4}the (?:ugliest|dumbest|stupidest|"
        r"fattest|weirdest|smelliest|worst|most (?:annoying|pathetic|useless|embarrassing|"
        r"disgusting|irritating|hated)|biggest (?:{STRONG}|{WEAK}))",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"no wonder (?:your|ur|her|his) (?:dad|mum|mom|parents|family|friends|boyfriend|"
        r"girlfriend) (?:left|leave|hates?|dumped|doesnt|dont)|no wonder (?:{NOBODY}|everyone|"
        r"everybody) (?:likes|like|hates|hate|wants|talks|rates)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:who invited|look at|here comes|heres|theres|ew its|its) the (?:{STRONG}|{ABUSIVE})"
        r"|what (?:a|an) (?:(?:{INTENS}) ){0,4}(?:{STRONG}|{WEAK}) (?:you are|your|he is|she is|"
        r"hes|"
        r"shes|they are|theyre)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:dont|never|cant|shouldnt|how do you|how can you|how dare you) (?:even )?show "
        r"(?:your|ur) (?:(?:ugly|fat|stupid) )?face|(?:should|must) be (?:so )?(?:embarrassed|"
        r"ashamed) (?:of (?:yourself|urself)|to)",
    ),
    Rule(
        THREAT,
        HIGH,
        r"(?:your|you are|youre) lucky (?:i|we) (?:dont|didnt|havent|do not|did not) (?:{HURT}|hit)"
        r" (?:you|u)",
        negatable=False,
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:must|should|would|will|is|are) (?:be )?(?:so )?(?:ashamed|embarrassed) (?:of|by) "
        r"(?:you|u|her|him)|(?:in|under|back to|into|back in|back under) (?:a |the |your )?(?:rock|"
        r"bin|trash|sewer|hole|zoo|gutter|dump|cage) (?:\w+ ){0,2}?where (?:you|u|she|he|they) "
        r"belongs?|(?:someone|people) like (?:you|u)(?= [.,]|$)",
    ),
    Rule(
        THREAT,
        HIGH,
        r"see what happens(?: to (?:you|u|her|him))?|(?:keep|carry on|continue) "
        r"(?:talking|going|it up|doing that|running your mouth) and (?:see|watch|youll see)",
    ),
    Rule(
        HARM,
        HIGH,
        r"(?:i )?(?:hope|wish) (?:you|u) (?:\w+ ){0,3}?(?:die|dies|break (?:your|ur) "
        r"(?:neck|legs?|face)|get hurt|get run over|get hit|choke|drown|rot|get cancer)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}|your) the (?:reason|problem) (?:(?:why|that) )?"
        r"(?:nobody|no one|everyone hates|everybody hates|we lost|everything is|this class)",
    ),
    Rule(THREAT, HIGH, r"watch (?:your|ur) back|(?:i|we) know where (?:you|your|u) (?:live|lives)"),
    Rule(
        THREAT,
        HIGH,
        r"(?:your|you are) (?:so |literally |actually )?(?:dead|going to die|finished|done for|"
        r"dead meat|gonna die|getting it|getting battered|getting jumped)"
        r"(?: (?:after school|tomorrow|when|at lunch|at break|meat|mate|bro|later|monday|"
        r"after|on))|(?:your|you are|you will be|youll be) (?:so )?(?:getting|gonna get|"
        r"going to get)"
        r" (?:jumped|battered|beaten up|smashed|merked|done in|stabbed)",
    ),
    Rule(
        THREAT,
        HIGH,
        r"(?:your|you are|you will|you) (?:going to|gonna|will|ll) (?:regret|pay for)"
        r" (?:this|it|that|everything)|(?:you|u) (?:will )?regret (?:this|it|that)|"
        r"meet me outside|(?:ill|i will|we will) find (?:you|u)",
    ),
    Rule(
        THREAT,
        HIGH,
        r"(?:ill|i will|im going to|im gonna|we will|well) (?:get|jump|"
        r"batter) (?:you|u|@|him|her) (?:after school|tomorrow|at lunch|at break|later|outside)",
    ),
    # -- targeted insults -----------------------------------------------------------------
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}|{THEY_ARE}|your) (?:(?:{INTENS}|{ARTICLE}) ){0,4}(?:{STRONG}|{ABUSIVE})",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}|{THEY_ARE}) (?:(?:{INTENS}) ){0,4}(?:{ADJ})"
        r"|your (?:(?:{INTENS}) ){1,4}(?:{ADJ})|your (?:{ADJ})(?= [.,]|$)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}|{THEY_ARE}|your) (?:(?:{INTENS}) ){0,4}(?:{ARTICLE}) "
        r"(?:(?:{INTENS}) ){0,4}(?:{WEAK})",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:hey|oi|shut up|stfu|bye|nice try|lol|haha|hahaha|lmao|ok|okay|cry|get lost|move|"
        r"what a|such a|such an|what an|bunch of|ew|eww) (?:(?:{INTENS}) ){0,4}(?:{STRONG}|"
        r"{ABUSIVE})"
        r"(?! (?:i am|im|i was|i feel|me)\b)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"imagine (?:being|looking like|having a face like) (?:(?:{INTENS}|{ARTICLE}|this|that|"
        r"much|of) ){0,4}(?:{STRONG}|{WEAK}|{ADJ})",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:you|u) (?:(?:{INTENS}) ){1,4}(?:{WEAK})|shut (?:your|ur) (?:mouth|face|gob)"
        r"|(?:go )?cry about it|go cry to (?:your|ur) (?:mum|mom|mummy|mommy|mam)"
        r"|(?:{NOBODY}) wants to (?:hear|see|listen to) (?:you|u|your|her|him)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{STRONG}) alert|(?:{ADJ}) (?:{STRONG}|{ABUSIVE}|pig|cow|whale|hippo|"
        r"rat|dog|troll|goblin|cunt|bitch)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:^|(?<=[.,] ))(?:{STRONG}|ugly|fat|pathetic|worthless)(?= [.,]|$)"
        r"|look at (?:her|him|them|@|this|that) (?:\w+ ){0,6}?(?:{STRONG}|pathetic|ugly|cringe|"
        r"embarrassing)(?= [.,]|$)",
        negatable=False,
    ),
    Rule(INSULT, MEDIUM, r"(?:{ABUSIVE})", negatable=False),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:your|ur) (?:brain|face|head|life|voice|mum|mom|dad|family) (?:is|looks|sounds|s) "
        r"(?:(?:{INTENS}|like) ){0,4}(?:{ADJ}|{STRONG}|empty|a mess|smooth)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:fuck|f|screw|sod|piss) (?:off|you|u|ur|your|yourself)|"
        r"(?:{YOU_ARE}) (?:thick|dumb|stupid) as",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:thats|that is|its|it is|this is|your|you are) (?:so )?gay"
        r"|(?:{YOU_ARE}) (?:such a |so )?gay(?! (?:and proud|club|pride))",
    ),
    Rule(
        INSULT,
        MEDIUM,
        r"(?:{YOU_ARE}) (?:(?:{INTENS}) ){0,4}embarrassing (?:yourself|urself)"
        r"|embarrassing (?:yourself|urself)",
    ),
    Rule(
        INSULT,
        MEDIUM,
        # "Ben is an idiot": any name or noun for a person, but not "this is", "it's", "I'm".
        r"(?!(?:i|im|it|its|this|that|which|what|there|theres|here|who|whats|thats|life|school|"
        r"everything|nothing|something|anything)(?!\S))[a-z]+ (?:is|s|was|are|were) "
        r"(?:(?:{INTENS}) ){0,4}(?:{ARTICLE}) (?:(?:{INTENS}) ){0,4}(?:{STRONG}|{ABUSIVE})",
    ),
    # -- leaving someone out --------------------------------------------------------------
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:{NOBODY}) (?:(?:even|ever|really|actually|here|in this school|at school) ){0,4}"
        r"(?:likes|like|wants|want|cares about|care about|cares|invited|asked|asked for|needs|"
        r"rates|"
        r"can stand|loves|wants to be|wants to sit with|wants to hang out with|talks to|want to be|"
        r"want to sit with|want to hang out with|will ever want to be|would ever want to be|"
        r"would date|will ever like|will ever love) (?:(?:to|be|friends with|your|ur) ){0,4}"
        r"(?:{TARGET}|friend|partner|opinion)",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"nobody asked|no one asked|(?:{NOBODY}) (?:cares|cared) (?:about "
        r"(?:you|your|@|her|him)|what (?:you|u) think)|(?:{NOBODY}) cares(?= [.,]|$)",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:{EVERYONE}) (?:(?:secretly|literally|actually|still|just|are|is) ){0,4}(?:hates|hate|"
        r"laughs at|laughing at|making fun of|makes fun of|"
        r"is laughing at|are laughing at|talks about|thinks youre|avoids|ignores|is sick of|"
        r"is tired of) (?:{TARGET})",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:{NOBODY}|we dont|they dont) (?:wants|want) (?:{TARGET}) (?:here|around|in|at|to)"
        r"|(?:you|u|she|he|they|@) (?:dont|doesnt|do not|does not) belong (?:here|with us|in)"
        r"|(?:your|you are) not (?:welcome|wanted)",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:{TARGET}|you|she|he|they) (?:have|has|got|ha) no friends"
        r"|imagine having no friends",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:dont|do not|never|nobody|no one) (?:sit|hang out|hang|play|talk to|"
        r"be friends|partner up) (?:with )?(?:her|him|them|@|that (?:girl|boy|kid|weirdo|freak))"
        r"(?! about| on| for| at the| in the)",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:you|u|she|he|they|@) (?:cant|can not|cannot|aint) sit with us",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:lets|let us|we should|everyone|everybody|we will|we are going to|were going to|"
        r"were gonna) (?:all )?(?:ignore|block|unfriend|exclude|leave out|kick out|kick|remove|"
        r"ghost|freeze out) (?:{TARGET})|leave (?:her|him|them|@) out"
        r"|(?:dont|do not|never) let (?:her|him|them|@) (?:join|come|sit|play|in)"
        r"|(?:dont|do not|never) invite (?:her|him|them|@)",
        negatable=False,
    ),
    Rule(
        EXCLUSION,
        MEDIUM,
        r"(?:stop|quit) (?:following|stalking) us|stay away from us",
        negatable=False,
    ),
    # -- hate -----------------------------------------------------------------------------
    Rule(HATE, HIGH, r"go back to (?:your|ur|their|his|her) (?:own )?(?:country|land)"),
    Rule(
        HATE,
        MEDIUM,
        r"(?:i|we|everyone) (?:(?:{INTENS}|still) ){0,4}(?:hate|hates|despise|loathe) "
        r"(?:you|u|@|her|him|them|your guts|ur guts)(?! (?:for being so|so much for being))",
    ),
]

# Praise idioms: nothing inside these counts as unkind.
PRAISE_MACROS = {
    "ACHIEVE": r"killed|killing|kill|kills|slayed|slaying|slay|slays|smashed|smashing|smash|"
    r"crushed|crushing|crush|nailed|nailing|murdered|murdering|destroyed|destroying|owned|owning|"
    r"rocked|rocking|bossed|bossing|bodied|ate|aced|acing|stole|stealing|ran",
    "COOL": r"sick|insane|crazy|mad|filthy|nasty|dirty|wicked|savage|lethal|deadly|killer|"
    r"ridiculous|unreal|beast|monster|mental|wild|nuts|fire|lit|criminal|illegal|scary|cold|"
    r"ice cold|bad ass|badass",
    "THING": r"goal|goals|solo|solos|trick|tricks|kickflip|move|moves|shot|shots|save|saves|pass|"
    r"skills|skill|voice|vocals|performance|dance|routine|beat|beats|drop|finish|header|dunk|"
    r"serve|ace|riff|riffs|drawing|painting|cover|bars|flow|comeback|catch|run|time|kick|tackle|"
    r"song|track|play|penalty|free kick|strike|volley|layup|three pointer|throw|jump|lap|"
    r"speech|essay|score|grade|result|results|outfit|fit|drip|art|photo|video|edit|combo|"
    r"backflip|flip|spin|costume|one liner|impression|piano|guitar|drums",
}
PRAISE_RULES = [
    Rule(
        "praise",
        "",
        r"(?:{ACHIEVE}) (?:it|that|them|this|the (?:stage|game|show|test|exam|"
        r"match|race|competition|audition|performance|solo|song|season|presentation|recital|"
        r"concert|final)|everything|life|the whole thing)",
    ),
    Rule(
        "praise",
        "",
        r"(?:{COOL}) (?:(?:{COOL}|little|af|as|ass|new|last minute|first|"
        r"solo|) ){0,4}(?:{THING})",
    ),
    Rule(
        "praise",
        "",
        r"(?:that|this|it|you|your|you are|he|she|they|hes|shes|theyre|we|the \w+) (?:was|is|are|"
        r"were|s|looked|look|looks|sounded|sound|sounds)? ?(?:(?:so|absolutely|actually|literally|"
        r"honestly|just|lowkey|highkey|genuinely|truly|totally|straight|pure) ){0,4}(?:insane|sick|"
        r"crazy|unreal|mental|mad|wild|nuts|savage|fire|lit|wicked|filthy|unstoppable|a beast|"
        r"a monster|a machine|an animal|a legend|a savage|a menace|a killer|elite|a boss|"
        r"a total boss|on fire|killing it|a genius|insanely good)",
    ),
    Rule(
        "praise",
        "",
        r"(?:a |such a |an absolute |total |absolute )?(?:beast|monster|machine|"
        r"animal|legend|boss|killer|menace|wizard|demon|savage) (?:at|on|in|with|mode)",
    ),
    Rule("praise", "", r"bad ass|badass|kick ass|kickass|bad boy|dope"),
    Rule(
        "praise",
        "",
        r"(?:stupid|stupidly|crazy|insanely|insane|sick|ridiculously|disgustingly|unreal|mad|"
        r"scary|scarily|dangerously|criminally|absurdly|silly|unfairly|annoyingly|stupidly|"
        r"ridiculous|dead|wicked|proper|insanely) (?:good|talented|fast|smart|strong|clever|"
        r"funny|skilled|quick|cool|gifted|underrated|good at|talented at|fit|nice|proud|easy|"
        r"impressive|brilliant|amazing)",
    ),
    Rule(
        "praise",
        "",
        r"(?:im|i am|i was|we were|i literally) (?:so |literally |actually )?"
        r"(?:dead|deceased|crying|screaming)|(?:that|this|it|you|he|she) (?:killed|kills) me",
    ),
    Rule(
        "praise",
        "",
        r"(?:you|u|your) (?:(?:so|such an?|an absolute|absolute) ){0,4}"
        r"(?:extra|nerd|geek|dork|weirdo|idiot|clown)"
        r" (?:(?:i|we) )?(?:love|luv|adore|miss) (?:you|u|it|this)",
    ),
    Rule(
        "praise",
        "",
        r"so bad (?:it was|its|it is) (?:good|funny|great)|"
        r"(?:hate|hating) (?:you|u) (?:for being|for how|because youre) (?:so )?(?:good|talented"
        r"|amazing|perfect|clever|smart)",
    ),
    Rule("praise", "", r"(?:{COOL}) (?:goal|\w+ goal)"),
]

RULE_SET = RuleSet(RULES, MACROS)
PRAISE_SET = RuleSet(PRAISE_RULES, PRAISE_MACROS)


def praise_spans(norm: Normalised) -> list[tuple[int, int]]:
    """Where praise idioms are, in normalised-text offsets."""
    return [(hit.start, hit.end) for hit in PRAISE_SET.find(norm)]


def detect(norm: Normalised, praise: list[tuple[int, int]]) -> tuple[str | None, list[Hit]]:
    """The unkind severity ("high", "medium" or None) and the phrases that raised it."""
    hits = [
        hit
        for hit in RULE_SET.find(norm)
        if not overlaps(hit.start, hit.end, praise)
        and not (hit.rule.negatable and negated(norm.text, hit.start))
    ]
    if not hits:
        return None, []
    severity = HIGH if any(hit.rule.severity == HIGH for hit in hits) else MEDIUM
    return severity, hits
