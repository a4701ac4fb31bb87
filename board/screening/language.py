"""Is a post mostly written in a language other than English? `mostly_not_english(text)`.

The board is an English-speaking school's: staff need to read what is posted to keep it safe,
and the other detectors only read English. This answers one question, cheaply and without
any dependency, so that a post the screener cannot read can go to someone who can.

How it decides:
- Letters of other scripts (Arabic, Cyrillic, Greek, Hebrew, Devanagari, Bengali, Gurmukhi,
  Chinese, Japanese, Korean, Thai...): when at least eight of them, in words of two letters or
  more, make up most of the letters of the post, it is not English ("مبروك يا بطل", "Привет
  всем"). A Chinese or Japanese character or a Korean syllable counts twice: each is worth
  about two letters ("谢谢大家的帮助"). A word that mixes Latin letters with look-alike
  Cyrillic ones ("іdіоt") is a disguise and counts as Latin; maths symbols ("θ", "α+β") are
  single letters and do not count.
- Latin letters: each distinct word is looked up in a list of English words (our own list of
  function words, school words, UK and internet slang and text-speak, plus the words that come
  up in at least five Davidson et al. tweets, english_words.txt) and in lists of the common
  function words and school words of other languages we wrote here (Spanish, French,
  Portuguese, Italian, German, Dutch, Polish, Romanian, Lithuanian, Albanian, Turkish, Urdu and
  Hindi in Latin letters, Somali, Swahili, Tagalog, Indonesian and Malay, Welsh). A word in
  both ("a", "me", "no", "die", "son") counts for neither. A lower-case word with letters
  English does not use ("dzięki", "não", "mulțumesc") or with spellings English does not have
  ("szkoła", "zijn", "felicitación") counts for the other language. The post is "mostly not
  English" when it has at least four words and its words of other languages outnumber its
  English ones, are at least two and make up at least a third of its distinct words (leaving
  out those that count for neither side because both sides use them).

What it cannot do, on purpose or not:
- Short posts (fewer than four words, or fewer than eight letters of another script) are
  always English here: "gg", "omg 🎉", "merci!", "شكرا", "Привет" pass. There is too little
  to go on.
- English posts that quote a word or two of another language stay English ("merci beaucoup to
  @lea for the french help"), and so do posts that mix languages evenly.
- A language it has no list for, written without accents (Hungarian, Czech or Vietnamese typed
  in plain ASCII, Yoruba, Igbo...), has neither English nor foreign words it knows, and passes
  as English. Names are not judged: "José", "Kowalczyk" (capitalised mid-sentence) are neither.
- It tells languages apart no further than "English or not", and says nothing about what a post
  means: another language is not a sign of anything bad, only of text staff may need to read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from .normalise import EMAIL_RE, MENTION_RE, URL_RE

__all__ = ["is_english_word", "mostly_not_english"]

ENGLISH_WORDS_PATH = Path(__file__).with_name("english_words.txt")
MIN_WORDS = 4
MIN_SCRIPT_LETTERS = 8

# English words we wrote: function words, school life, UK and internet slang, text-speak, and
# English words that other languages also use (so that those count for neither side).
_ENGLISH = """
a about above across after again against ago ah ahh all almost alone along already alright also
although always am among an and another any anybody anyone anything anyway anyways are around as
at away aye b back be because been before behind being below beside best better between big bit
both but by can cannot cant could couldnt d did didnt do does doesnt doing done dont down during
each either else enough even ever every everybody everyone everything far few for from get gets
getting give go goes going gone got gotta had hadnt has hasnt have havent having he her here hers
herself him himself his how however i id if ill im in into is isnt it its itself ive just k kind
kinda least less let lets like little lot lots m made make many may maybe me might mine more most
much must my myself near neither never next no nobody none nor not nothing now of off often oh ok
okay on once one only onto or other others our ours ourselves out over own per please quite rather
really s same shall she should shouldnt since so some somebody someone something sometimes soon
still such t than that thats the their theirs them themselves then there theres these they theyre
thing things this those though through till to too toward towards u under until up upon us very
was wasnt we well were werent what whatever when where whether which while who whoever whole whom
whose why will with within without wont would wouldnt y yes yet you youd youll your youre yours
yourself yourselves youve

academy after-school algebra answer answers art arts assembly assignment athletics attendance
award awards badge band bell biology blazer book books break bus calculator camp canteen captain
certificate chapter chemistry choir class classes classmate classmates classroom club clubs
coach coursework dance debate deputy desk detention diagram drama dt english equation essay exam
exams experiment fieldtrip football form formal french friend friends friendship gcse gcses
geography german grade grades graph gym hall head headteacher history hockey homework house ict
lab leaver leavers lesson lessons library locker lunch lunchtime maths mock mocks music netball
notes orchestra paper pe physics play playground poem poster practice prefect presentation prom
pupil pupils quiz quizzes re reading recorder register report residential revise revising
revision rounders rugby school science senco set shoutout shoutouts sixth spanish sports study
subject subjects swimming teacher teachers team teammate teammates term test tests textbook
timetable trip tutor uniform worksheet year years
help helped helping helpful thanks thank thankyou congrats congratulations proud amazing awesome
brilliant fantastic incredible great good nice kind lovely sweet cute funny happy sad worried
stressed scared nervous excited tired bored anyone someone question questions explain understand
struggling stuck advice tips hard easy tomorrow today tonight yesterday weekend monday tuesday
wednesday thursday friday saturday sunday january february march april june july august
september october november december morning afternoon evening night week month
absolutely actually apparently basically definitely honestly literally obviously probably seriously
totally

aight alr asap ate aura bae bare based bestie bet bff bffs bms bois bruh bruv bsf btw buff
bussin buzzing calm cap cba cheeky chuffed ciao cringe cuz cya deadass def delulu dm dms drip
fam fanum fave faves fomo fr frfr fyi gassed gg gl glhf goat goated gutted gyat haha hahah hahaha
hehe heh hmm hmu huh icl idc idek idk iirc ikr ily ilysm imo imho innit irl istg iykyk jk js
knackered lad lads legend leng lmao lmfao lol lolol lowkey highkey lush mate mates mid mint mood
nah naw ngl nvm oof omg omfg ong oomf peak peng periodt pfp pls plz pov ppl purr rizz rly rn sheesh
sis slay smh sus ta tbf tbh tho thru thx tmrw ty tysm uwu vibe vibes vibing w wagwan wanna wtf
wyd xd xx xxx xoxo yall yea yeah yeh yep yup yw bro brb bday gonna gotta kinda sorta dunno lemme
gimme tryna finna cos coz bc cus abt b4 bcs bcuz becuz wud cud shud gud luv hun hunni innit
nite tonite thnx thanx tmr 2moro 2day pic pics vid vids insta snap snapchat tiktok youtube
discord roblox fortnite minecraft xbox playstation ps5 switch game games gaming fifa
pokémon pokemon café cafe naïve naive über uber résumé cliché fiancé fiancée déjà piñata jalapeño
façade
ahlie allow blud bossman bredrin dun ends gyal innit mandem styll ting vex wallah wallahi
eid diwali ramadan hijab halal mosque gurdwara mandir mehndi mashallah inshallah alhamdulillah

ai ar ap as ay ayy ben bin bo bore care cos cu cum da dan dat dem den die do em er fare gut ha
hat hay her hey hi hoe hum jab jo kale log ma mam male man mon met na no non o od oi op pan par pe
pot pour sim sin so solo son super ta tab tan ten todo ty um uno van w was wat wax ya ye yeh yang
bent come comment con dim dove e era heel hon jam main mama plus prof professor soo tik tok var
ve war yo yr
"""

# Common function words (and a few school words) of other languages, written for this module.
# People often type without accents, so the plain spelling is added for every accented word.
_OTHER_LANGUAGES = {
    "spanish": """
        el la los las un una unos unas del al y que qué en es no por para con sin mi mis tu tus
        su sus yo tú él ella nosotros ellos ellas ustedes usted pero porque como cómo muy más esta
        está estoy estás estamos están este eso esto esa hay tengo tiene tienes tenemos ser soy
        eres somos son fue era hoy mañana ayer gracias hola bueno buena buenos buenas bien mal
        todo todos también cuando donde dónde quien quién aquí ya siempre nunca algo nada mucho
        mucha muchos poco puedo puedes quiero sé se lo le les me te nos amigo amigos amiga amigas
        clase escuela colegio tarea tareas examen ayuda alguien sabe hace hacer tal vale pues
        entonces ahora solo sí si vamos mejor gente chicos chicas felicidades felicitaciones
        profe profesor profesora equipo partido ganamos perdimos qué tal oye vosotros hermano
        hermana mamá papá día dias días semana
    """,
    "french": """
        le la les un une des du de et est je tu il elle nous vous ils elles ce cette ces cest
        qui que quoi pas ne pour avec dans sur mais ou où très bien merci bonjour salut oui non
        mon ma mes ton ta tes son sa ses notre votre leur suis es sont ai as avons avez ont fait
        faire va vais aller demain aujourdhui hier aussi tout tous toute toutes beaucoup peu plus
        moins rien quelquun parce quand comment pourquoi jai jaime daccord trop cours devoirs
        école prof copain copine ami amie amis vraiment encore déjà toujours jamais peut veux
        sais au aux en lui moi toi ça ca cest quil quelle nest jsp mdr ptdr bisous bonne soirée
        frère soeur maman papa était avait être avoir chez donc voilà
    """,
    "portuguese": """
        o a os as um uma uns umas de do da dos das em no na nos nas que e é não com para pra por
        mais muito muita muitos eu você voce vc ele ela nós eles elas meu minha seu sua isso isto
        esse essa está estou tá tem ter foi ser vai vou obrigado obrigada oi olá tudo bem bom boa
        hoje amanhã aula escola também mas quando como onde porque aqui agora sim já ainda gente
        galera amigo amiga fazer sei quero pode posso então nada tô né kkkk kkk parabéns pessoal
        professor professora irmão irmã mãe pai dia semana
    """,
    "italian": """
        il lo la i gli le un uno una di del della dei da in con su per tra fra e è che non ma
        anche sono sei siamo ho hai ha abbiamo io tu lui lei noi voi loro mio mia tuo tua questo
        questa quello molto grazie ciao buongiorno oggi domani ieri perché come cosa dove quando chi
        tutto tutti sempre mai ancora già bene male scuola compiti amico amici amica fare fatto
        posso voglio so sì allora adesso qui qualcuno niente nella nel alla al delle degli
        ragazzi prof mamma papà fratello sorella
    """,
    "german": """
        der das und ist nicht ich du wir sie mit auf für ein eine einen zu von den dem es auch
        aber wenn dass sehr heute morgen ja nein danke bitte gut schule haben bin bist sind kann
        noch nur wie mein meine dein deine hallo was die also so war hat man alle alles viel
        jetzt immer schon hier mal warum weil oder denn gern gerne hausaufgaben lehrer lehrerin
        freund freunde freundin geht gehts habe hast kein keine ihr euch uns mir dir mich dich
        wird wurde können muss bruder schwester
    """,
    "dutch": """
        de het een en van ik je jij niet dat is op te met voor zijn maar wat ook heb hebben goed
        dank bedankt hoe waar wij jullie nog naar er kan moet veel mijn jouw hij zij ze wel geen
        echt leuk school huiswerk vandaag morgen gisteren dag hoi doei groetjes lekker gewoon heel
        ben bent als om bij uit aan dan toch nu weet denk
    """,
    "polish": """
        i w z na do nie się że jest jak ale co mi ja ty on ona my wy oni mnie ci mam masz ma
        tak czy już jeszcze tylko bardzo dzięki dziękuję cześć hej jutro dzisiaj dziś wczoraj kto
        gdzie kiedy dlaczego bo po od dla przez pan pani był była było być będzie mój moja moje
        twój twoja ten ta te tego tej tu tam teraz potem wszystko wszyscy nic coś ktoś może można
        trzeba lekcja lekcje szkoła zadanie domowe pomoc pomocy kolega koleżanka spoko dobra
        dobrze fajnie fajny fajna serio jestem jesteś są mamy macie mają wiem wiesz chcę możesz
        proszę no siema nara sorki brat siostra mama tata
    """,
    "romanian": """
        și şi în la de pe cu nu da este e sunt eu tu el ea noi voi ei ele meu mea mei mele tău ta
        lui care ce cine cum unde când pentru foarte mult multă mulțumesc mulţumesc mersi bună
        salut ziua azi astăzi mâine ieri am ai are avem aveți au fost fi să vreau poți pot știu
        nimic ceva cineva toți tot acum aici acolo dar sau dacă ora școală şcoală teme tema
        profesor profesoara doamna domnul coleg colegi prieten prietena prietenii frate sora
        ajutor ajută mă te se ne vă îmi îți îl un o niște asta ăsta acest această aceasta nici doar
        încă deja bine rău că ca
    """,
    "lithuanian": """
        ir yra aš tu jis ji mes jūs kad ne taip su į iš ar bet labai ačiū labas sveiki šiandien
        rytoj mokykla namų darbai kas kaip kur kodėl man tau mano tavo čia dar jau tik viskas
        gerai blogai
    """,
    "albanian": """
        dhe është në një të që për me nga nuk jam je ka kam ke ju unë ti ai ajo ata
        faleminderit flm përshëndetje mirë shumë sot nesër po jo si ku kush pse kur ose por edhe
        mua ty atë tani vetëm çfarë shkolla detyrat shoku shoqe vëlla motra
    """,
    "turkish": """
        ve bir bu şu o ben sen biz siz onlar ne için ile çok da de ki mi mı mu mü değil var yok
        evet hayır teşekkürler sağol merhaba selam nasılsın iyi kötü bugün yarın dün okul ders
        ödev arkadaş kardeşim abi abla ama ya gibi daha en her hep şey neden nasıl nerede kim
        benim senin onun bizim sizin lütfen tamam olur oldu olsun biliyorum bilmiyorum istiyorum
        seni beni bana sana hadi kanka öğretmen hocam
    """,
    "urdu and hindi": """
        hai hain ho hoon hun hu tha thi the nahi nahin nai nhi kya kia kyun kyu kyon kaise kaisa
        kab kahan kaun mera meri mere tera teri tere tum tumhara tumhari aap aapka apka hum hamara
        humara main mai mein ka ki ke ko se par pe aur ya bhi toh na haan ji yaar yar bhai behen
        accha acha achha theek thik kuch sab bahut bohot bohat bht zyada abhi kal aaj phir woh wo
        ye yeh jo jab tab agar lekin magar kyunki sirf bas chal chalo karo karna kar kiya kiye
        raha rahi rahe gaya gayi hua hui hoga hogi dekho dekh bol bolo batao samajh pata matlab
        log wala wali wale apna apni apne khud koi kisi sath saath liye baat kaam ghar dost pyaar
        shukriya bilkul zaroor kaafi kafi mujhe mujhse tujhe tumhe usko isko unko kitna kitne hy
        padhai pariksha
    """,
    "somali": """
        waa iyo ku ka u la aan ma waxaan wax maxaa sidee waan haa maya mahadsanid nabad walaal
        saaxiib dugsiga maanta berri waxa oo ee ah soo ayaa ayaan uu ay kale badan fiican aad waad
    """,
    "swahili": """
        na ya wa ni kwa asante sana habari rafiki leo kesho shule mimi wewe yeye sisi wao hapana
        ndiyo lakini pia kuna hakuna nini gani vipi sawa nzuri poa mambo jambo
    """,
    "tagalog": """
        ang ng sa mga ay at na ko mo ako ikaw siya kami tayo sila hindi oo po salamat kumusta
        kamusta ano bakit paano saan kailan lang naman talaga kasi pero din rin ba yung nang akin
        natin namin ito iyan yan dito doon bukas ngayon kahapon paaralan kaibigan maganda mabuti
        gusto ayaw alam kita
    """,
    "indonesian and malay": """
        dan yang di ke dari ini itu aku saya kamu dia kami kita mereka tidak nggak gak enggak tak
        ada untuk dengan juga sudah udah belum akan bisa mau apa siapa kenapa bagaimana gimana
        terima kasih makasih selamat pagi hari besok kemarin sekolah tugas teman banget sangat
        lagi aja saja sih dong kok yg tdk
    """,
    "welsh": """
        a ac yn y yr i o ar mae dw dwi rwy rydw ydy ydw ond gyda efo diolch bore da nos heddiw
        fory yfory ysgol gwaith cartref fi ti chi ni nhw hi fe fo ei eu ein eich fy dy am wedi
        bod oedd roedd hefyd iawn pawb helo shwmae sut beth pam ble pryd pwy hwn hon hyn yma yna
        gan gyd mwy llawer dim ddim yw ydych ydi cael gwneud mynd dod eisiau isio angen gwych hwyl
        cymraeg caru chdi
    """,
}

# Spellings English words do not have: a lower-case word that is neither English nor on a list
# above but looks like this counts for the other language.
_FOREIGN_SHAPES = re.compile(
    r"(?:sz|cz|rz|dz|ij|aa(?=[^r])|uu|ö|ä|ß|"  # Polish, Dutch, German
    r"ción|cion|ções|ção|zione|mente$|ului$|ilor$|ować|owac|ości|osci|ych$|ej$|"
    r"dade$|idad$|eiro$|eira$|heit$|keit$|lich$|tje$|tjes$|ează$|eaza$|uje$|ujemy$)"
)
# Cyrillic and Greek letters that look like Latin ones (as in normalise.py): in a word with
# Latin letters they are a disguise, not another script.
_LOOKALIKES = str.maketrans("аеорсухіјӏѕԁԛԝɑαοεікмнтв", "aeopcyxijlsdqwaaoeikmhtb")
# Combining marks (Indic vowel signs, Arabic harakat, accents typed apart) belong to the word.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
)
_TOKEN = re.compile(rf"[^\W\d_](?:[^\W\d_]|[{_MARKS}]|['’](?=[^\W\d_]))*")
_FRENCH_ELISION = frozenset({"l", "d", "j", "qu", "n", "s", "c", "m", "t"})
_ASCII_TOKEN = re.compile(r"[a-zA-Z][a-zA-Z']*")
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[\w,)] )[^\W\d_]+")
_ASCII_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z0-9,)] )[A-Z][a-z]+")
_DOTTED = re.compile(r"\w\.[A-Za-z]")
_ENGLISH_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "est", "y", "n")


def _strip_accents(word: str) -> str:
    if word.isascii():
        return word
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    ).replace("ł", "l")


def _is_latin(ch: str) -> bool:
    o = ord(ch)
    return (
        o < 0x2B0  # Basic Latin to IPA
        or 0x1D00 <= o < 0x1DC0  # phonetic extensions: small capitals "ᴄᴏᴏʟ"
        or 0x1E00 <= o < 0x1F00  # Latin extended additional (Vietnamese)
        or 0x2C60 <= o < 0x2C80
        or 0xA720 <= o < 0xA800
        or 0xFF00 <= o < 0xFFF0  # full-width forms
    )


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3040 <= o < 0xA000 or 0xAC00 <= o < 0xD7B0 or 0x20000 <= o < 0x2FA20


@cache
def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(English words, words of other languages, the words they share)."""
    ours = set(_ENGLISH.split())
    davidson = set()
    for line in ENGLISH_WORDS_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            davidson.update(line.split())
    foreign = set()
    for words in _OTHER_LANGUAGES.values():
        for word in words.split():
            foreign.add(word)
            plain = _strip_accents(word)
            # "für" typed as "fur" is an English word first
            if plain != word and plain not in davidson:
                foreign.add(plain)
    english = (ours | davidson) - foreign
    return frozenset(english), frozenset(foreign - ours), frozenset(foreign & ours)


_SQUEEZE_3 = re.compile(r"(.)\1{2,}")
_SQUEEZE_2 = re.compile(r"(.)\1+")
_NOISES = re.compile(r"(?:[ah]*h[ae]){2,}h?|(?:lo)+l|x+d+|a+w+|u+g+h+|o+h+|e+w+|m+h*m+")


def _is_english(word: str, english: frozenset[str]) -> bool:
    if word in english:
        return True
    squeezed = _SQUEEZE_3.sub(r"\1", word)  # "soooo", "yesss", "deaddd"
    if squeezed != word and (squeezed in english or _SQUEEZE_2.sub(r"\1", word) in english):
        return True
    if _NOISES.fullmatch(word):
        return True  # laughter and noises: "hahaha", "lololol", "awww"
    for suffix in _ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if stem in english or stem + "e" in english:
                return True
            if stem[-1] == stem[-2] and stem[:-1] in english:  # "stopped", "running"
                return True
    return False


@lru_cache(maxsize=16384)
def _judge_word(token: str, may_be_name: bool) -> str:
    """ "en", "other", "both" ("a", "me", "die") or "" (unknown) for one lower-case word."""
    english, foreign, shared = _word_lists()
    lower = token.replace("’", "'")
    word = lower.replace("'", "")
    if word in english:
        return "en"
    if may_be_name:
        return "en" if _is_english(word, english) else ""  # "Kowalczyk", "José": a name
    if word in foreign:
        return "other"
    if word in shared:
        return "both"
    if _is_english(word, english):
        return "en"
    if "'" in lower:
        head, _, tail = lower.partition("'")
        if head in _FRENCH_ELISION and len(tail) > 1:
            return "other"  # "l'école", "j'adore", "qu'il"
    plain = _strip_accents(word)
    if plain != word:
        return "en" if _is_english(plain, english) else "other"  # "café" / "dzięki"
    if _FOREIGN_SHAPES.search(word):
        return "other"
    return ""


def _without_links_and_mentions(text: str) -> str:
    if "@" in text:
        text = MENTION_RE.sub(" ", EMAIL_RE.sub(" ", text))
    if "://" in text or "www." in text or _DOTTED.search(text):
        text = URL_RE.sub(" ", text)
    return text


def _script_letters(tokens: list[str]) -> tuple[list[str], int, int]:
    """Latin-letter words (look-alike letters read as Latin), and the count of Latin letters
    and of letters of other scripts (in words of two letters or more)."""
    latin_words = []
    latin_letters = other_letters = 0
    for token in tokens:
        if not token.isascii():
            latin = sum(1 for ch in token if ch.isalpha() and _is_latin(ch))
            others = sum(1 for ch in token if ch.isalpha()) - latin
            if others and not latin:
                if len(token) >= 2:
                    other_letters += others + sum(1 for ch in token if _is_cjk(ch))
                continue
            if others:
                token = "".join(ch for ch in token.translate(_LOOKALIKES) if _is_latin(ch))
        latin_letters += len(token)
        latin_words.append(token)
    return latin_words, latin_letters, other_letters


def mostly_not_english(text: str) -> bool:
    """True when the post is mostly in another language; see the module docstring."""
    text = _without_links_and_mentions(text)
    if text.isascii():
        words = _ASCII_TOKEN.findall(text)
        capitalised = _ASCII_MID_SENTENCE_CAPITAL.findall(text)
    else:
        text = unicodedata.normalize("NFKC", text)  # "𝓱𝓮𝓵𝓵𝓸", "ｈｅｌｌｏ" are Latin letters
        words, latin_letters, other_letters = _script_letters(_TOKEN.findall(text))
        if other_letters >= MIN_SCRIPT_LETTERS and other_letters > latin_letters:
            return True
        capitalised = [
            w for w in _MID_SENTENCE_CAPITAL.findall(text) if w[0].isupper() and not w.isupper()
        ]
    if len(words) < MIN_WORDS:
        return False
    # A word only ever written capitalised after another word ("José", "Kowalczyk") may be a
    # name; names are not judged.
    names = {w.lower() for w in capitalised} - {
        w.lower() for w in words if not w[0].isupper() or w.isupper()
    }
    ours = theirs = unknown = 0
    for word in {w.lower() for w in words}:
        verdict = _judge_word(word, word in names)
        if verdict == "en":
            ours += 1
        elif verdict == "other":
            theirs += 1
        elif not verdict:
            unknown += 1
    return theirs >= 2 and theirs > ours and theirs * 3 >= ours + theirs + unknown


def is_english_word(word: str) -> bool:
    """Whether one word is a word of English we know (slang and text-speak included): other
    detectors use it to tell "my insta is private" from "my insta is jess_k"."""
    return _judge_word(word.lower(), False) in ("en", "both")
