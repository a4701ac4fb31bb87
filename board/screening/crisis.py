"""Crisis detector: suicide, self-harm, abuse disclosures and a student worried about a friend.

Two tiers. "urgent": thoughts of suicide, a plan or method, self-harm, abuse, a friend at risk.
"concern": self-hatred and hopelessness ("I hate myself", "everything is pointless").

The phrases are our own, written for how 11-18 year olds write, and extended from the Suicide
Risk Lexicon v1.0 (Low, Rankin, Bentley, Nock, Ghosh; Apache-2.0; see SOURCES.md): we took the
phrases of its passive and active suicidal ideation, lethal means, direct self-injury, other
suicidal language, burdensomeness, hopelessness, shame and physical / sexual abuse constructs
that read as a first-person disclosure, and left out the bare words that over-match ("killing
me", "dying to", "dead", "cutting", "pointless" on its own).

Every match is checked for negation ("I would never hurt myself", "I'm not suicidal") and for
general talk ("if anyone ever feels like hurting themselves"); idioms ("this homework is killing
me", "I'm dying to see the show", "my phone is dead") never match in the first place because no
rule says "killing me", "dying" or "dead" on its own.
"""

from __future__ import annotations

from .normalise import Normalised
from .rules import Hit, Rule, RuleSet, hypothetical, negated

URGENT = "urgent"
CONCERN = "concern"

MACROS = {
    "I": r"i|im|i am|ive|i have|id|i would|ill|i will|i was|i had|i just|i really|i kinda|i even",
    "INTENS": r"so|really|very|just|literally|honestly|actually|kinda|kind of|a bit|too|such|"
    r"completely|totally|always|pretty|lowkey|fr",
    "MYSELF": r"myself|my self|me self",
    "THEMSELVES": r"herself|himself|themselves|themself|her self|him self",
    "WANT": r"want|wants|wanted|wanting|wanna|going|gonna|plan|plans|planning|ready|trying|tried|"
    r"try|about|decided|thinking about|thought about|think about|need|needs|feel like",
    "END_IT": r"end it all|end it|end (?:my|her|his|their) (?:own )?life|end (?:things|everything)|"
    r"end myself|take (?:my|her|his|their) (?:own )?life|kill (?:{MYSELF}|{THEMSELVES})|"
    r"commit suicide|unalive (?:{MYSELF}|{THEMSELVES})",
    "PILLS": r"pills|tablets|meds|medication|medicine|paracetamol|painkillers|sleeping pills",
    "FAMILY": r"step ?dad|stepdad|step ?mum|stepmum|step ?mom|stepmom|dad|daddy|mum|mummy|mom|"
    r"mother|father|parents|parent|uncle|aunt|auntie|brother|sister|cousin|grandad|grandpa|"
    r"granddad|nan|gran|grandma|carer|foster (?:dad|mum|mom|parent|carer)|boyfriend|girlfriend|"
    r"(?:mums|moms|dads) (?:boyfriend|girlfriend|partner|friend)|coach|teacher|tutor|"
    r"neighbour|neighbor|babysitter",
    "ABUSER": r"he|she|they|@|my {FAMILY}|his {FAMILY}|her {FAMILY}|their {FAMILY}",
    "ABUSE_VERB": r"hits|hit|hitting|beats|beat|beating|kicks|kicked|kicking|punches|punched|"
    r"punching|slaps|slapped|slapping|chokes|choked|choking|strangles|strangled|burns|burned|"
    r"burnt|touches|touched|touching|abuses|abused|abusing|smacks|smacked|whips|whipped|rapes|"
    r"raped|molests|molested|assaults|assaulted|batters|battered|"
    r"(?:throws|threw|throwing|chucks|chucked) (?!(?:money|cash|sweets|compliments|shade|a party|"
    r"the ball|a ball) )(?:\w+ ){0,2}at|"
    r"locks|locked|starves|grabs|grabbed|shoves|shoved",
    "FRIEND": r"she|he|they|hes|shes|theyre|@|my (?:friend|mate|best friend|best mate|bestie|bff|"
    r"sister|brother|cousin|girlfriend|boyfriend)|a (?:friend|mate|girl|boy|kid)|someone|somebody|"
    r"this (?:girl|boy|kid)",
    "SAYS": r"said|says|told me|tells me|texted|texted me|messaged me|keeps saying|kept saying|"
    r"mentioned|posted|wrote|admitted",
    "NOBODY": r"nobody|no one|noone|none of them|nobody else|no one else|not one person",
    "WOULD": r"would|will|d|is going to|going to|wouldnt even|would even|will even|would ever|"
    r"is gonna",
    "BETTER": r"better|happier|fine",
    "SPORT": r"playing|at (?:football|pe|training|practice|rugby|netball|hockey|the gym|"
    r"gymnastics|dance|school)|in (?:pe|football|rugby|netball|hockey|training|practice|"
    r"gymnastics|games|the game|the match)|during|by accident|accidentally|falling|when i fell|"
    r"tripping|skating|skateboarding|on my bike|on the (?:trampoline|stairs|ice)|lifting|"
    r"doing (?:pe|sport)|shaving|cooking|on (?:a|the|some|paper|glass)|in (?:food tech|dt|art)|"
    r"with (?:scissors|a knife) in|"
    # "I cut myself a slice of cake", "treat myself to some chips": food, not harm
    r"(?:a|another|some|the) (?:(?:big|huge|small|little|thin|thick|nice|massive|second|"
    r"fresh) )?(?:slice|slices|piece|pieces|bit|bits|chunk|wedge|portion|sandwich|toast|cake|"
    r"bread|pizza|fruit|apple|melon|fringe|hair|new)|(?:slices|pieces) of",
}

SUICIDE = "Thoughts of suicide"
METHOD = "A plan or method"
SELF_HARM = "Self-harm"
ABUSE = "Someone hurting them (abuse)"
FRIEND = "Worried about a friend's safety"
SELF_HATRED = "Self-hatred"
HOPELESS = "Hopelessness"
LOSS = "Suicide of someone they know"

RULES = [
    # -- thoughts of suicide --------------------------------------------------------------
    Rule(SUICIDE, URGENT, r"(?:{WANT}) to (?:{END_IT})"),
    Rule(SUICIDE, URGENT, r"(?:kill|killing|kil|off|offing|end|ending|unalive|unaliving) {MYSELF}"),
    Rule(SUICIDE, URGENT, r"kms|(?:{WANT}) to unalive"),
    Rule(SUICIDE, URGENT, r"(?:end|ending|ended|take|taking|took) (?:my|my own) life"),
    Rule(
        SUICIDE, URGENT, r"commit(?:ting)? suicide|suicide (?:attempt|plan)|attempt(?:ed)? suicide"
    ),
    Rule(SUICIDE, URGENT, r"end(?:ing)? it all"),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:{I}|feel|feeling|been|getting|am|get|gets) (?:(?:{INTENS}) ){0,4}suicidal"
        r"|suicidal (?:thoughts|feelings|again)|(?:my|having|have|had) suicidal",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:thinking|thought|think|thoughts|dreaming|dream) (?:about|of) (?:suicide|dying|"
        r"killing {MYSELF}|ending (?:it|it all|my life|things|everything)|not being (?:here|alive)"
        r"|death|my death|my funeral)",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:(?:{I}|{FRIEND}) )?(?:(?:{INTENS}) ){0,4}(?:want|wants|wanted|wanna|wish|wishes|ready|"
        r"deserve|deserves|would rather|prefer) to (?:(?:{INTENS}) ){0,4}(?:die|"
        r"be dead|"
        r"not (?:exist|be alive|be here|wake up)|stop existing|stop living|sleep forever|"
        r"disappear forever)(?! of| laughing| from| in the| in a| in this| in that| inside|"
        r" this weekend| on (?:saturday|sunday)| till| until| after)",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:wish|wished|wishing|hope) (?:i|id) (?:was|were|had|could|would|'d|wouldnt|dont|"
        r"just|never) (?:(?:{INTENS}) ){0,4}(?:be )?(?:dead|die|never been born|not born|not alive|"
        r"born|never born|gone forever|not wake up|wake up|disappear|vanish|stop existing|"
        r"not exist)"
        r"(?! into| from| for| off| under| in a| in the| to)",
    ),
    Rule(SUICIDE, URGENT, r"(?:i )?(?:should|deserve to) (?:(?:{INTENS}) ){0,4}die"),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:dont|do not|no longer|never|dont really|dont even) (?:want|wanna|wish) to "
        r"(?:be alive|live|exist|go on|keep going|carry on|wake up|be on this earth|"
        r"be here anymore|"
        r"be in this world|live anymore|be alive anymore)",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:no|not any|no real|nothing left to|nothing to) (?:reason|point|purpose) (?:to|in|for) "
        r"(?:live|living|go on|going on|being alive|be alive|being here|me being here|life)"
        r"|nothing (?:left )?to live for|(?:life|living) (?:is not|isnt|aint|not|is no longer)"
        r" worth (?:living|it)|not worth living",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:{NOBODY}) (?:{WOULD}) (?:(?:{INTENS}|even|really) ){0,4}(?:miss|notice|care|cry|"
        r"mind|be sad)(?: (?:about|for))?(?: (?:me|if i (?:died|was gone|were gone|disappeared|"
        r"was dead|wasnt here|killed myself|left|wasnt around|never came back)))"
        r"|(?:{NOBODY}) (?:would|will|d) miss me",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:better off|be better|be happier|be fine|be easier) (?:dead|gone|without me|"
        r"if i (?:was|were)"
        r" (?:dead|gone|not here|not around|never born)|if i (?:wasnt|werent|was not|were not) "
        r"(?:here|around|alive)|if i (?:died|disappeared|was gone|left forever))"
        r"|(?:better|happier) (?:off )?without me",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:dont|do not|cant|cannot|can not|never) see (?:the|any|a) (?:point|reason) (?:in|of|to|"
        r"for) (?:living|live|life|being alive|being here|going on|carrying on|existing|me)"
        r"|(?:lost|losing) (?:the|my|all) (?:will|reason) to live",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:disappear|vanish|go to sleep|sleep|fall asleep|drift off) (?:forever|and (?:never|not)"
        r" wake up)"
        r"(?! (?:this|on|tomorrow|after|until|till|at the|in the|when))",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:{I}|just) (?:(?:{INTENS}) ){0,4}(?:want|wanna|wish i could|wish to|going to|gonna) "
        r"(?:(?:{INTENS}) ){0,4}(?:disappear|vanish)"
        r"(?! from| into| for| off| under| in| to| when| after)",
    ),
    Rule(SUICIDE, URGENT, r"(?:goodbye|suicide|farewell) (?:note|letter|message|video)"),
    Rule(
        SUICIDE, URGENT, r"(?:why am i|why im|why i am) (?:still )?alive|why do i (?:even )?exist"
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:im|i am|i feel|i was) (?:(?:{INTENS}) ){0,4}done with (?:life|living|my life|"
        r"this life|"
        r"being alive|existing)",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:wont|will not|not) be (?:here|around|alive) (?:much longer|for long|"
        r"tomorrow|next week|anymore)",
    ),
    Rule(SUICIDE, URGENT, r"(?:hate|hating) (?:being alive|living|existing)"),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:tired|sick|done|exhausted) (?:of|with) (?:being alive|living|life|existing|my life|"
        r"this life|waking up)",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"be (?:around|here|alive) (?:much longer|for much longer|for long|by (?:next|the end|"
        r"tomorrow))|(?:in case|if) i (?:dont|do not|never) make it (?:through|past|to)",
        negatable=False,
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:message|text|note|letter|post|video|voice note) (?:saying|that said|to say|to tell "
        r"everyone) goodbye|(?:goodbye|bye) forever",
    ),
    Rule(
        SUICIDE,
        URGENT,
        r"(?:want|wanted|wish|need|needs) (?:it|it all|everything|my life|"
        r"life) (?:(?:{INTENS}) ){0,4}"
        r"to (?:(?:{INTENS}) ){0,4}(?:end|stop|be over)(?: forever| for good)?(?= [.,]|$| and|"
        r" but)",
    ),
    Rule(HOPELESS, CONCERN, r"(?:i )?(?:(?:{INTENS}) ){0,4}(?:hate|hating|despise) my life"),
    # -- a plan or method -----------------------------------------------------------------
    Rule(
        METHOD,
        URGENT,
        r"(?<!go )(?<!should )(?<!pls )(?<!please )"
        r"(?:jump|jumping|throw {MYSELF}|step|walk|run) (?:off|from|in front of|into) (?:a |the |"
        r"my |our )?(?:bridge|roof|building|cliff|balcony|train|car|bus|lorry|window|tower|"
        r"car park|traffic|motorway|tracks|multi storey)",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:hang|hanging|hung|drown|drowning|starve|starving|poison|poisoning|shoot|shooting|"
        r"stab|stabbing|suffocate|suffocating|strangle|strangling|electrocute|overdose on|od on|"
        r"set fire to) {MYSELF}",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:{I}|to|tried to|try to|thinking about|going to|gonna|want to|planning to) "
        r"(?:(?:{INTENS}) ){0,4}(?:overdose|overdosed|overdosing|od|oded|odd)(?! scene|"
        r" in the play)",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:take|taking|took|swallow|swallowing|swallowed|down|downing|downed) (?:all|loads|lots|"
        r"a load|a bunch|a handful|the whole (?:box|pack|packet|bottle)|every one) (?:of )?"
        r"(?:my |the |of my |of the |these |those |her |his |their |of her |of his )?(?:{PILLS})",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:saving|saved|stockpiling|collecting|hoarding|hiding|stashing) (?:up )?(?:my |the |"
        r"all my |some )?(?:{PILLS})",
    ),
    Rule(
        METHOD,
        URGENT,
        r"how many (?:{PILLS}) (?:would|does|will|do|to) (?:it take|you need|kill|die|overdose)"
        r"|how many (?:{PILLS}) would it take",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:a|the|my|have a|got a|made a|making a) plan to "
        r"(?:die|end it|kill {MYSELF}|end my life)"
        r"|(?:painless|easy|easiest|quick|quickest|best|fastest|surest) ways? to (?:die|"
        r"kill {MYSELF}"
        r"|end it)|(?:googled|searched|looked up|searching|googling|researched) (?:how to|ways to|"
        r"how many|how much) (?:die|kill {MYSELF}|overdose|od|hang|end it)"
        r"|how to (?:kill {MYSELF}|end my life|die painlessly|commit suicide|hang {MYSELF})",
    ),
    Rule(
        METHOD,
        URGENT,
        r"giving (?:away )?(?:all )?(?:my|his|her|their) (?:stuff|things|belongings|possessions)"
        r"(?: away)?",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:planning|plan|planned|decided|figured out|worked out|know) (?:how|when|where) (?:im|"
        r"i am|"
        r"i will|ill|to|i would|id|i can) (?:(?:going to|gonna|finally|actually) ){0,2}(?:do it|"
        r"end it"
        r"|go through with it)",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:have|got|bought|hiding|hid|hidden|kept|keep|keeping|stashed|saved) (?:the|enough|"
        r"all the|"
        r"a stash of|loads of|a bottle of|a box of|a whole (?:box|bottle|pack) of) (?:{PILLS}|rope|"
        r"razors?|blades?)(?= [.,]|$| in| under| ready| for| hidden| saved| somewhere)",
    ),
    Rule(
        METHOD,
        URGENT,
        r"(?:have|got|carry|carrying|keep|keeping|hide|hid|hiding) (?:a|my|the|some) (?:razor|"
        r"razors|"
        r"blade|blades|sharpener blade|craft knife|stanley knife) (?:in|under|hidden|on me|"
        r"with me)",
    ),
    # -- self-harm ------------------------------------------------------------------------
    Rule(
        SELF_HARM,
        URGENT,
        r"(?:cut|cutting|cuts|burn|burning|burns|burned|burnt|hurt|hurting|hurts|harm|harming|"
        r"harmed|scratch|scratching|punish|punishing|starve|starving|carve|carving|bite|biting|"
        r"mutilate|mutilating|injure|injuring|wound|wounding|bruise|bruising) "
        r"{MYSELF}(?! (?:{SPORT}))",
    ),
    Rule(
        SELF_HARM,
        URGENT,
        r"(?:cut|cutting|slit|slitting|slice|slicing|slash|slashing) (?:my |her |his |their )"
        r"(?:wrists?|arms?|legs?|thighs?|skin|stomach)",
    ),
    Rule(
        SELF_HARM,
        URGENT,
        r"(?:{I}|{FRIEND}|been|started|start|starting|stop|stopped|quit|relapsed|relapse|keep|"
        r"is|are|was|urge to|urges to|want to) (?:(?:{INTENS}|still|been|started|again) ){0,4}"
        r"(?:self harm|self harming|self harmed|selfharm|selfharming|self injure|self injuring|sh)"
        r"(?! (?:awareness|lesson|lessons|talk|assembly|week|day|leaflet|support|charity))",
    ),
    Rule(
        SELF_HARM,
        URGENT,
        r"(?:{I}|{FRIEND}|been|started|keep|still|is|was|stop|relapsed and) (?:(?:{INTENS}|been|"
        r"still|again|started) ){0,4}(?:cutting|cut)(?: again)?(?= [.,]|$| and\b| but\b| again\b|"
        r" because\b| when\b| every\b| at night| a lot| lately| recently| on (?:her|his|their|my)"
        r" (?:arms?|legs?|wrists?)| to cope| for (?:weeks|months|years|a while))",
    ),
    Rule(
        SELF_HARM,
        URGENT,
        r"(?:until|till|til) (?:it|they|i|my \w+) (?:bleed|bleeds|bled|bleeding|bruise|bruises|"
        r"scar|scars)",
    ),
    Rule(
        SELF_HARM,
        CONCERN,
        r"(?:stopped|stop|quit|not|barely|refuse to|refusing to) eating(?= [.,]|$| because| so|"
        r" anything| at all| for days)|(?:make|making|made) {MYSELF} (?:sick|throw up|puke)",
    ),
    Rule(
        SELF_HARM,
        URGENT,
        r"(?:cuts|scars|fresh cuts|burns|marks|bruises) (?:all )?(?:on|up|over|across) (?:her|his|"
        r"their|my) (?:arms?|legs?|wrists?|thighs?|stomach|body)",
    ),
    Rule(
        SELF_HARM,
        CONCERN,
        r"(?:havent|have not|hasnt|has not|not|didnt) (?:eaten|eat|eating) (?:anything )?(?:in|"
        r"for) "
        r"(?:days|a week|weeks|\w+ days)",
    ),
    Rule(SELF_HARM, URGENT, r"(?:cut|cutting|cuts) again|urge to (?:cut|hurt {MYSELF}|burn)"),
    # -- abuse ----------------------------------------------------------------------------
    Rule(
        ABUSE,
        URGENT,
        r"(?:{ABUSER}) (?:(?:always|still|keeps|often|sometimes|has|had|just|then|again|"
        r"literally|(?:gets|got|is|was) (?:drunk|angry|mad|high|"
        r"wasted) and) ){0,4}(?:{ABUSE_VERB}) (?:me|us|him|her|them)"
        r"(?! (?:at|in|to|with the|on the|up the|back|off|with a (?:pillow|ball|snowball|"
        r"water balloon|nerf|cushion|paper))\b)",
    ),
    Rule(
        ABUSE,
        URGENT,
        r"(?:my {FAMILY}) (?:(?:always|still|keeps|often|sometimes) ){0,4}"
        r"(?:hurts|hurt|threatens|threatened|scares|forces|forced|makes me|made me) "
        r"(?:me|to|do)?",
    ),
    Rule(
        ABUSE,
        URGENT,
        r"(?:scared|afraid|frightened|terrified|too scared) (?:to go|of going|to be) (?:back )?home"
        r"|(?:not|dont feel|do not feel|never feel) safe (?:at home|in my house|at my house|"
        r"at my dads|at my mums|around him|around her|with him|with her)|(?:im|i am) not safe",
    ),
    Rule(
        ABUSE,
        URGENT,
        r"(?:touches|touched|touching|touch) me (?:down there|inappropriately|in places|where|"
        r"when|and)|(?:says|said|told me) (?:its|it is|it was) (?:our|a) secret"
        r"|(?:makes|made|make|making|forcing|forces|forced) me (?:to )?(?:do|touch|watch) "
        r"(?:things|stuff|sexual|him|her)",
    ),
    Rule(
        ABUSE,
        URGENT,
        r"(?:asking|asked|asks|keeps asking|wants|wanted|making|made|make|pressuring|forcing|"
        r"forced) me (?:to )?(?:send|sending) (?:him |her |them )?(?:nudes|pictures|pics|photos|"
        r"naked|videos)|(?:share|post|leak|send|show) (?:them|the pics|my pics|the pictures|"
        r"my pictures|my nudes|the photos|my photos) (?:to everyone )?(?:if|unless)",
    ),
    Rule(
        ABUSE, URGENT, r"(?:i have|ive got|i got|left|leaves|gave me) (?:bruises|marks|a black eye)"
    ),
    # -- a friend at risk (the friend-subject cases of the rules above also count) ---------
    Rule(
        FRIEND,
        URGENT,
        r"(?:kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|starve|starving) "
        r"(?:{THEMSELVES})(?! (?:{SPORT}))",
    ),
    Rule(
        FRIEND,
        URGENT,
        r"(?:{FRIEND}) (?:(?:{SAYS}|that|is|has|been|keeps|kept|wants|wanted) ){0,4}(?:tried|"
        r"attempted|"
        r"tries|trying) to (?:kill|overdose|od|hang|end|die|hurt)",
    ),
    # -- concern: self-hatred -------------------------------------------------------------
    Rule(
        SELF_HATRED,
        CONCERN,
        r"i (?:(?:{INTENS}|still|sometimes) ){0,4}(?:hate|despise|loathe|cant stand|"
        r"am disgusted by) "
        r"(?:{MYSELF}|who i am|everything about me|everything about {MYSELF}|being me|my body|"
        r"the way i look|my face)(?! for (?:leaving|forgetting|not|missing|being late|eating|"
        r"procrastinating|doing|saying|buying|losing|dropping|sleeping))",
    ),
    Rule(
        SELF_HATRED,
        CONCERN,
        r"(?:im|i am|i feel|feel|feeling|i always feel|i just feel|"
        r"i feel like) (?:(?:{INTENS}) ){0,4}"
        r"(?:(?:a |an )?(?:worthless|useless|unlovable|unwanted|burden|waste of space|waste|"
        r"disgusting|pathetic|disappointment|mistake|failure at everything|nothing|nobody)"
        r"|like (?:a |an )?(?:burden|failure|waste|disappointment|nothing|nobody|mistake)|"
        r"so alone|all alone|empty|empty inside|numb|broken inside|invisible)"
        r"(?! (?:at|with|in|when|of|for|on|but|because|tho|though)\b)",
    ),
    Rule(
        SELF_HATRED, CONCERN, r"(?:burden|waste of space) (?:to|on|for) (?:everyone|my|people|them)"
    ),
    Rule(SELF_HATRED, CONCERN, r"(?:cry|crying|cried) (?:{MYSELF} to sleep|every (?:night|day))"),
    # -- concern: hopelessness ------------------------------------------------------------
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:everything|life|it all|all of it|my life|everything i do|nothing|existing|living) "
        r"(?:is|feels|seems|s|just feels|feels so) (?:(?:{INTENS}) ){0,4}(?:pointless|meaningless|"
        r"hopeless|worthless|empty|over)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:whats|what is|wats|what even is) the point (?:of (?:anything|everything|life|living|"
        r"trying|going on|me|being here|it all|carrying on)|anymore)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"nothing (?:ever )?(?:gets|will get|is going to get|will ever get) better"
        r"|(?:it|things|life|my life) (?:will|is going to) never (?:get|be) (?:better|ok|okay|good)"
        r"|(?:lost all|no|lost|losing) hope|(?:i feel|feeling|im|"
        r"i am) (?:(?:{INTENS}) ){0,4}hopeless"
        r"(?! (?:at|with|in|when|about)\b)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:i )?(?:cant|can not|cannot|couldnt) (?:(?:{INTENS}) ){0,4}(?:do|take|cope with|handle|"
        r"deal with|live like|go on like|carry on like|keep going like) "
        r"(?:this|it|any of this|life|"
        r"everything|much more) (?:anymore|any more|much longer|any longer)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:im|i am|i feel) (?:(?:{INTENS}) ){0,4}done with (?:everything|it all|all of this|"
        r"everyone|trying)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:{NOBODY}) (?:(?:{INTENS}|even|ever|really) ){0,4}(?:cares|care|loves|love|understands|"
        r"likes|wants|would care|listens to|notices) (?:about )?me",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"no (?:way out|escape|end to (?:this|it)|light at the end)|(?:im|i am|i feel|feel) "
        r"(?:(?:{INTENS}) ){0,4}(?:trapped|stuck) (?:in (?:my life|this life|my head)|forever)"
        r"|(?:tired|sick|exhausted) of (?:everything|it all|fighting|trying|pretending|"
        r"feeling like this)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:i feel like|feels like|its like|like) (?:im|i am) (?:drowning|suffocating|"
        r"dying inside|"
        r"falling apart|breaking apart|disappearing)|(?:{NOBODY}) (?:(?:even|ever|really) ){0,2}"
        r"(?:notices|notice|sees|realises|realizes)(?= [.,]|$| me| how| that i)",
    ),
    Rule(
        HOPELESS,
        CONCERN,
        r"(?:dont|cant|do not|cannot|can not|never) see (?:a|any|my) future|no future for me"
        r"|(?:i have|ive got|i got) no future",
    ),
    Rule(HOPELESS, CONCERN, r"(?:give|giving|gave|given) up on (?:everything|life|myself|living)"),
    Rule(
        HOPELESS,
        CONCERN,
        r"i (?:dont|do not) matter|i (?:dont|do not) deserve to (?:be happy|live)",
    ),
    Rule(
        LOSS,
        CONCERN,
        r"(?:killed|hanged|hung) (?:{THEMSELVES})|took (?:his|her|their) own life"
        r"|(?:died|death) by suicide|committed suicide",
    ),
]

RULE_SET = RuleSet(RULES, MACROS)


# Someone else's death or self-harm in a story or a game is not a disclosure.
_FICTION = frozenset(
    {
        "character",
        "characters",
        "game",
        "games",
        "film",
        "movie",
        "book",
        "novel",
        "story",
        "episode",
        "show",
        "play",
        "hero",
        "villain",
        "npc",
        "player",
        "sims",
        "avatar",
    }
)


_FIRST_PERSON = frozenset({"i", "im", "ive", "id", "ill", "me", "my", "myself", "mine"})


def _about_fiction(text: str, hit: Hit) -> bool:
    """A third-person phrase ("wants to die", "killing himself") after a word such as
    "character", "game" or "novel"."""
    if not _FIRST_PERSON.isdisjoint(text[hit.start : hit.end].split()):
        return False
    clause = text[: hit.start].split()[-8:]
    return not _FICTION.isdisjoint(clause)


def detect(norm: Normalised) -> tuple[str | None, list[Hit]]:
    """The crisis tier ("urgent", "concern" or None) and the phrases that raised it."""
    hits = [
        hit
        for hit in RULE_SET.find(norm)
        if not (hit.rule.negatable and negated(norm.text, hit.start))
        and not hypothetical(norm.text, hit.start)
        and not _about_fiction(norm.text, hit)
    ]
    if not hits:
        return None, []
    severity = URGENT if any(hit.rule.severity == URGENT for hit in hits) else CONCERN
    return severity, hits


def denies(norm: Normalised) -> bool:
    """Does the post name a crisis phrase only to deny it ("I haven't been feeling suicidal")?
    True when phrases were found and every one of them is negated."""
    found = RULE_SET.find(norm)
    return bool(found) and all(
        hit.rule.negatable and negated(norm.text, hit.start) for hit in found
    )
