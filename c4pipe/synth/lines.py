"""Fixed lines that each aim at one rule of the reference, or at one of its edge cases.

The catalogue (`c4pipe.synth.catalogue`) and the random mix (`c4pipe.synth.mix`) put
them into pages so that every line and page filter is exercised; the rules themselves
live in `filters/`. As with the word lists, the order of every tuple is part of the
output.
"""

from __future__ import annotations

# Sentences whose Punkt sentence count is easy to get wrong (abbreviations, initials,
# numbers, quotes, ellipses, lower-case starts).
PUNKT_TRICKY = (
    "He arrived at 5 p.m. The shop was already closed.",
    "See e.g. the U.S. report from last year. It is long.",
    "I. Introduction. This is the first part of the book.",
    "The price was $3.50. That is cheap for a coffee.",
    'He said "Stop." Then he walked out of the room.',
    "Item no. 5 is gone. Item no. 6 is still on the shelf.",
    "1. Buy milk. 2. Buy bread. 3. Call the bank.",
    "What?! No way! Are you really sure about that?",
    "It was Mr. T. Smith from the office. He left early.",
    "The U.S.A. is big. The U.K. is much smaller than that.",
    "We met Dr. Jones in St. Louis on Jan. 5 and again in Feb. this year.",
    "the lower case start. another one follows here. and a third one.",
    "Wait... what happened next? Nobody knows for sure.",
    "The value is 3.14 and the other value is 2.72 in this case.",
    "Prof. A. B. Clarke wrote the book in 1999. It sold well.",
    "Ask for Ms. Lee at No. 10 Downing St. after lunch today.",
    "Born in the 18th cent. he lived in Washington D.C. until 1850.",
    "(This is in brackets.) And this is not. Is it clear now?",
    "The Fig. 3 shows results. Tab. 2 lists the sources we used.",
    "She won 1st prize. He came 2nd. They both got medals.",
)
# English lines with foreign scripts, URLs and e-mail addresses (langdetect normalizes
# some of these away, counts others).
EN_NOISY = (
    "Visit http://www.example.com/page?id=5 for details, or write to info@example.com today.",
    "Our office in 東京 is open every day, and the staff there speak English too.",
    "The train from Москва arrived late, but everyone on board was very patient.",
    "We loved the food in Việt Nam, especially the noodle soup with fresh herbs.",
    "The café in Zürich serves crêpes and açaí bowls for breakfast every morning.",
    "Send the photos to photos@example.org 🙂 and we will share the best ones here.",
    "The sign said مرحبا and the children tried to read it out loud together.",
    "The Korean word 안녕하세요 is a polite greeting that visitors learn first.",
    "Download the report at https://example.net/files/report-2019.pdf before Friday.",
    "Ünïcödé characters like ñ, ø and ł appear in many European names and places.",
)
# Short lines without an end mark: navigation, sharing widgets, bylines.
NAV_LINES = ("Home", "About us", "Contact", "Share this:", "Tweet", "Read more »", "Menu",
             "Search", "Login | Register", "Skip to content", "Previous post", "Next post",
             "Categories", "Tags: news, local, events", "Follow us on Facebook", "Reply",
             "Posted in Uncategorized", "Leave a comment", "Subscribe", "Top stories")
# One line per entry of `filters.clean_page.POLICY_SUBSTRINGS`, in its order.
POLICY_LINES = (
    "By using this site you agree to our Terms of Use and all conditions.",
    "Please read our Privacy Policy before you create a new account.",
    "Details about tracking can be found in our Cookie Policy for visitors.",
    "This website uses cookies to improve your experience while you browse.",
    "We explain the use of cookies on this site in a separate document.",
    "We use cookies to give you the best possible experience on the site.",
)
# Lines that mention JavaScript, in the spellings pages use (the rule ignores case).
JS_LINES = (
    "Please enable JavaScript to view the comments powered by Disqus.",
    "You must have JavaScript enabled in your browser to use this page.",
    "This page works best with Javascript turned on in your browser settings.",
)
# LDNOOBW "en" (25e679f) entries: single words and phrases, and innocent words that
# contain them (the reference matches only between non-word characters).
BAD_WORDS = ("ass", "butt", "sex", "nude", "bastard", "boobs", "bondage", "sexy", "anus")
BAD_PHRASES = ("barely legal", "blue waffle", "big black", "2 girls 1 cup", "phone sex")
INNOCENT_CONTAINERS = ("class", "assistant", "butter", "Sussex", "sextant", "bass guitar",
                       "bastardized", "nudes", "buttress", "janus", "grasshopper")
