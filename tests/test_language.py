"""The language check: posts mostly written in another language are told apart from English,
including slang, text-speak, typos, names, emoji and a foreign word or two."""

from __future__ import annotations

import pytest

from board.screening.language import is_english_word, mostly_not_english

ENGLISH_POSTS = [
    # very short, emoji, mentions
    "gg",
    "omg 🎉",
    "thanks @jo",
    "🎉🎉🔥🔥💯",
    "@amara1 @ben_k @leah thank u all",
    "yr 10 netball won 12-4!!",
    # slang and text-speak
    "ngl that tiktok was lowkey bussin fr fr no cap",
    "bruh the maths test was actually peak, i'm cooked",
    "innit bruv that was calm, the assembly was peng",
    "w rizz from year 9 at the disco ngl",
    "lol ur so funny, see u at lunch x",
    "tbh the mocks were mid but i'm proud of us",
    "ty for the help w/ my essay, ur a legend",
    "yo who's coming to the bake sale tmrw",
    "me n u vs the world fr",
    "hahahaha i'm deaddd 😂😂 the science teacher fell off his chair",
    "HUGE CONGRATS TO THE NETBALL TEAM!!!",
    # typos
    "i dont no how to do question 4 can some1 help",
    "becuase of the trip we missed revison, sooo annoying",
    "does anyone know wat pages we need for the chem homework?? pls",
    "can sum1 explain photosynthesis in like simple words",
    # names and places from other languages
    "Congrats to José and María for winning the debate final!",
    "Huge well done to Kowalczyk and Szymański in the relay",
    "congrats to Aleksandra Nowak and Oluwaseun Adeyemi on their awards",
    "anyone know if the trip to Kraków still needs permission slips?",
    # a foreign word or two in an English post
    "merci beaucoup to @lea for the french help",
    "gracias amigos!! best spanish class",
    "we learnt to say je m'appelle in french today lol",
    "she said 'hola' to the whole class and went bright red",
    "ciao everyone, see you after half term",
    "ho ho ho merry christmas from the year 7 choir",
    "la la land was the best film we watched in media studies",
    "my nan makes the best jalapeño pizza, no cap",
    "the pokémon club meets in room B12 on tuesday",
    "non uniform day is on friday, don't forget the £1",
    "mashallah the eid party was lovely, thank you all",
    "my spanish homework: translate 'me llamo ana' into english, is it my name is ana?",
    # fancy letters, maths symbols, look-alike letters
    "𝓽𝓱𝓪𝓷𝓴 𝔂𝓸𝓾 𝓼𝓸 𝓶𝓾𝓬𝓱 for the card",
    "ｔｈｉｓ ｉｓ ｓｏ ｃｏｏｌ thanks",
    "solve for θ when sin θ = 0.5, i keep getting it wrong",
    "find α+β+γ+δ+ε if they are angles on a line",
    "ur such an іdіоt lol",
]

OTHER_LANGUAGE_POSTS = [
    ("spanish", "hola chicos, alguien sabe cuando es el examen de mates?"),
    ("spanish", "muchas gracias por la ayuda con la tarea, eres el mejor"),
    ("spanish", "oye que tal, como estas? yo estoy bien gracias"),
    ("french", "salut tout le monde, quelqu'un a fait les devoirs de maths?"),
    ("french", "je suis trop fatigué aujourd'hui, j'ai pas dormi"),
    ("polish", "cześć, ktoś wie co jest zadane z matmy na jutro?"),
    ("polish", "nie wiem jak to zrobic, mozesz mi pomoc?"),
    ("portuguese", "oi gente, alguém sabe que horas começa a aula amanhã?"),
    ("portuguese", "nao sei fazer o dever de casa, me ajuda pfv"),
    ("romanian", "buna, stie cineva ce avem la mate pentru maine?"),
    ("romanian", "nu am inteles nimic din lectia de azi"),
    ("urdu or hindi in latin letters", "yaar kal ka test bahut mushkil tha"),
    ("urdu or hindi in latin letters", "kya haal hai sab, aaj school mein kya hua?"),
    ("italian", "ciao ragazzi, qualcuno ha fatto i compiti di matematica?"),
    ("german", "kann mir jemand bei den hausaufgaben helfen? ich verstehe das nicht"),
    ("dutch", "weet iemand wat het huiswerk is voor morgen?"),
    ("turkish", "arkadaşlar yarın okul var mı bilen var mı"),
    ("lithuanian", "ačiū visiems už pagalbą su namų darbais"),
    ("welsh", "diolch yn fawr am eich help gyda'r gwaith cartref"),
    ("arabic", "مبروك يا بطل، فخورين فيك"),
    ("urdu", "آپ سب کا بہت شکریہ"),
    ("russian", "Привет всем, кто знает что задали по математике?"),
    ("ukrainian", "дякую всім за допомогу з домашнім завданням"),
    ("greek", "Καλημέρα σε όλους, ευχαριστώ πολύ"),
    ("chinese", "谢谢大家的帮助，我很开心"),
    ("bengali", "সবাইকে অনেক ধন্যবাদ"),
    ("punjabi", "ਸਭ ਨੂੰ ਬਹੁਤ ਬਹੁਤ ਵਧਾਈਆਂ"),
    ("hindi", "धन्यवाद सबको, आज का दिन बहुत अच्छा था"),
]


@pytest.mark.parametrize("text", ENGLISH_POSTS)
def test_english_posts_are_english(text):
    assert mostly_not_english(text) is False


@pytest.mark.parametrize(("language", "text"), OTHER_LANGUAGE_POSTS)
def test_posts_in_other_languages_are_found(language, text):
    assert mostly_not_english(text) is True, language


def test_the_sets_are_big_and_varied_enough():
    assert len(ENGLISH_POSTS) >= 30
    assert len(OTHER_LANGUAGE_POSTS) >= 25
    assert len({language for language, _ in OTHER_LANGUAGE_POSTS}) >= 8


@pytest.mark.parametrize("text", ["", "   ", "merci!", "شكرا", "Привет", "谢谢", "hola amigos"])
def test_too_short_to_judge_is_english(text):
    assert mostly_not_english(text) is False


def test_links_and_mentions_are_not_words():
    assert not mostly_not_english(
        "@jose_garcia @maria.lopez @ana_perez https://es.example.com/hola"
    )


def test_an_evenly_mixed_post_stays_english():
    assert not mostly_not_english("bro the test was so hard yaar, i need help")


def test_english_word_lookup_knows_slang_and_refuses_other_languages():
    for word in ("private", "later", "bussin", "innit", "Revising", "soooo"):
        assert is_english_word(word), word
    for word in ("jess", "xX_Slayer", "gracias", "dzięki", "sunshine99"):
        assert not is_english_word(word), word
