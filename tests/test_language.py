"""Language identification: English by its function words, the model only for text they leave in doubt."""

from __future__ import annotations

from wirebrief.text import language

CAPTION = ("Republican presidential candidate donald trump speaks during a campaign rally, friday, oct. 14, 2016, "
           "in charlotte, n.c. ( ap photo/ evan vucci ) ( associated press )")
LISTING = ("Avatar science fiction: united states, 2009 u.s. Release date: 2009-12-18 running length: 2: 41 mpaa "
           "classification: pg-13 ( violence, nudity ) theatrical aspect ratio: 2.35: 1 cast: sam worthington, zoe "
           "saldana, sigourney weaver, stephen lang, michelle rodriguez, giovanni ribisi director: james cameron "
           "screenplay: james cameron cinematography: mauro fiore music: james horner. Shot in 3-d, the most "
           "expensive film of the decade and a success with critics.")
DUTCH = ("Dit is een korte tekst in het Nederlands over de gemeenteraad die maandag besloot de oude brug te sluiten "
         "voor autos vanaf het voorjaar. De brug werd gebouwd in 1911 en moet al tien jaar worden gerepareerd, zeiden "
         "de ingenieurs. Het was een lange vergadering waarin veel bewoners hun zorgen uitten over het verkeer in de "
         "binnenstad en de kosten van een nieuwe brug.")
GERMAN = ("Der Stadtrat hat am Montag beschlossen, die alte Hafenbrücke ab dem nächsten Frühjahr für Autos zu sperren. "
          "Die Brücke wurde 1911 gebaut und muss seit zehn Jahren repariert werden, sagten die Ingenieure.")


def test_ascii_text_with_few_function_words_is_english_without_the_model(monkeypatch):
    def no_model():
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(language, "_identifier", no_model)
    assert language.detect_language(LISTING) == "en"
    assert language.detect_language(CAPTION) is None  # too short to tell: briefed, not skipped
    assert language.unsupported_language(CAPTION) is None


def test_other_languages_still_go_to_the_model():
    assert language.unsupported_language(DUTCH) == "nl"  # plain ASCII, but next to no English function words
    assert language.unsupported_language(GERMAN) == "de"  # accented letters
