/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-entities"

#include <string.h>

#include "khoji-analysis.h"
#include "khoji-text.h"

static KhojiGazetteer *gazetteer;

/* The mention whose text is `form` (the n-th such, from 0), or NULL. */
static KhojiMention *
find (GPtrArray  *mentions,
      const char *text,
      const char *form,
      guint       nth)
{
  gsize len = strlen (form);

  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = mentions->pdata[i];
      if (m->end - m->start == len && memcmp (text + m->start, form, len) == 0 && nth-- == 0)
        return m;
    }
  return NULL;
}

/* The key of the mention whose text is exactly `form`, or NULL. */
static const char *
key_of (GPtrArray  *mentions,
        const char *text,
        const char *form)
{
  KhojiMention *m = find (mentions, text, form, 0);
  return m ? m->key : NULL;
}

/* Whether any mention overlaps the bytes of `form` in text. */
static gboolean
touches (GPtrArray  *mentions,
         const char *text,
         const char *form)
{
  const char *at = strstr (text, form);
  gsize s, e;

  g_assert_nonnull (at);
  s = at - text;
  e = s + strlen (form);
  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = mentions->pdata[i];
      if (m->start < e && s < m->end)
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
extract (const char *text)
{
  GPtrArray *mentions = khoji_extract_entities (gazetteer, text, NULL);
  gsize last_end = 0;

  g_assert_nonnull (mentions);
  /* Every result is in text order, without overlaps, on word bounds. */
  for (guint i = 0; i < mentions->len; i++)
    {
      KhojiMention *m = mentions->pdata[i];
      g_assert_cmpuint (m->start, >=, last_end);
      g_assert_cmpuint (m->end, >, m->start);
      g_assert_nonnull (m->key);
      g_assert_nonnull (m->name);
      g_assert_nonnull (m->latin);
      last_end = m->end;
    }
  return mentions;
}

static void
test_longest_match (void)
{
  const char *t = "संयुक्त राष्ट्र सुरक्षा परिषद ने बैठक की। संयुक्त राष्ट्र के महासचिव भी आए।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "संयुक्त राष्ट्र सुरक्षा परिषद"), ==, "organization:un security council");
  g_assert_cmpstr (key_of (m, t, "संयुक्त राष्ट्र"), ==, "organization:united nations");
}

static void
test_postposition_outside (void)
{
  const char *t = "रूस ने कहा कि रूस के सैनिक और रूस की सेना तैयार हैं।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_nonnull (find (m, t, "रूस", 0));
  g_assert_nonnull (find (m, t, "रूस", 1));
  g_assert_nonnull (find (m, t, "रूस", 2));
  g_assert_cmpstr (find (m, t, "रूस", 1)->key, ==, "place:russia");
}

static void
test_adjective_to_place (void)
{
  const char *t = "रूसी सैनिक, यूक्रेनी ड्रोन, उत्तर कोरियाई मिसाइल, अमेरिकी डॉलर, "
                  "भारतीय टीम, इजराइली हमला और पाकिस्तानी नेता।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "रूसी"), ==, "place:russia");
  g_assert_cmpstr (key_of (m, t, "यूक्रेनी"), ==, "place:ukraine");
  g_assert_cmpstr (key_of (m, t, "उत्तर कोरियाई"), ==, "place:north korea");
  g_assert_cmpstr (key_of (m, t, "अमेरिकी"), ==, "place:united states");
  g_assert_cmpstr (key_of (m, t, "भारतीय"), ==, "place:india");
  g_assert_cmpstr (key_of (m, t, "इजराइली"), ==, "place:israel");
  g_assert_cmpstr (key_of (m, t, "पाकिस्तानी"), ==, "place:pakistan");
}

static void
test_demonym_inside_name (void)
{
  const char *t = "भारतीय रिजर्व बैंक ने दरें घटाईं और इजराइली संसद ने कानून पास किया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "भारतीय रिजर्व बैंक"), ==, "organization:reserve bank of india");
  g_assert_cmpstr (key_of (m, t, "इजराइली संसद"), ==, "organization:knesset");
  g_assert_null (find (m, t, "भारतीय", 0));
}

static void
test_south_not_north (void)
{
  const char *t = "दक्षिण कोरिया और उत्तर कोरिया के बीच साउथ कोरिया की सीमा पर नॉर्थ कोरिया के सैनिक।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "दक्षिण कोरिया"), ==, "place:south korea");
  g_assert_cmpstr (key_of (m, t, "उत्तर कोरिया"), ==, "place:north korea");
  g_assert_cmpstr (key_of (m, t, "साउथ कोरिया"), ==, "place:south korea");
  g_assert_cmpstr (key_of (m, t, "नॉर्थ कोरिया"), ==, "place:north korea");
}

static void
test_us_not_un (void)
{
  const char *t = "संयुक्त राज्य अमेरिका ने संयुक्त राष्ट्र में प्रस्ताव रखा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "संयुक्त राज्य अमेरिका"), ==, "place:united states");
  g_assert_cmpstr (key_of (m, t, "संयुक्त राष्ट्र"), ==, "organization:united nations");
}

static void
test_owned_body (void)
{
  const char *t = "रूस की सुरक्षा परिषद ने कहा। रूस के सुरक्षा परिषद सचिव आए। "
                  "दक्षिण कोरिया के रक्षा मंत्रालय ने बताया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "रूस की सुरक्षा परिषद"), ==, "organization:security council of russia");
  g_assert_cmpstr (key_of (m, t, "रूस के सुरक्षा परिषद"), ==, "organization:security council of russia");
  g_assert_cmpstr (key_of (m, t, "दक्षिण कोरिया के रक्षा मंत्रालय"), ==,
                   "organization:ministry of defence of south korea");
}

static void
test_bare_body_follows (void)
{
  const char *t1 = "संयुक्त राष्ट्र सुरक्षा परिषद की बैठक हुई। सुरक्षा परिषद ने प्रस्ताव पास किया।";
  const char *t2 = "सुरक्षा परिषद की बैठक में कई देश आए।";
  g_autoptr(GPtrArray) m1 = extract (t1);
  g_autoptr(GPtrArray) m2 = extract (t2);
  KhojiMention *second = find (m1, t1, "सुरक्षा परिषद", 0);

  g_assert_nonnull (second);
  g_assert_cmpstr (second->key, ==, "organization:un security council");
  /* Alone, a body names no one in particular. */
  g_assert_cmpuint (m2->len, ==, 0);
}

static void
test_spelling_variants (void)
{
  const char *t = "मास्को और मॉस्को, नार्थ कोरिया, किम जोंग उन और किम जोंग-उन, सितम्बर में सम्बन्ध।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "मास्को"), ==, "place:moscow");
  g_assert_cmpstr (key_of (m, t, "मॉस्को"), ==, "place:moscow");
  g_assert_cmpstr (key_of (m, t, "नार्थ कोरिया"), ==, "place:north korea");
  g_assert_cmpstr (key_of (m, t, "किम जोंग उन"), ==, "person:kim jong un");
  g_assert_cmpstr (key_of (m, t, "किम जोंग-उन"), ==, "person:kim jong un");
}

static void
test_latin_acronym_paren (void)
{
  const char *t = "जल शक्ति मंत्रालय (MoJS) ने रिपोर्ट दी। बाद में MoJS ने सफाई दी। "
                  "नीति निगरानी आयोग (एनएमसी) का गठन हुआ और एनएमसी ने काम शुरू किया।";
  g_autoptr(GPtrArray) m = extract (t);
  const char *org = key_of (m, t, "जल शक्ति मंत्रालय");
  const char *org2 = key_of (m, t, "नीति निगरानी आयोग");

  g_assert_nonnull (org);
  g_assert_cmpstr (find (m, t, "MoJS", 0)->key, ==, org);
  g_assert_cmpstr (find (m, t, "MoJS", 1)->key, ==, org);
  g_assert_nonnull (org2);
  g_assert_cmpstr (find (m, t, "एनएमसी", 0)->key, ==, org2);
  g_assert_cmpstr (find (m, t, "एनएमसी", 1)->key, ==, org2);
}

static void
test_paren_captions (void)
{
  const char *t = "राहुल गांधी (फाइल फोटो) ने कहा। मोदी (File Photo) आए। "
                  "सम्राट चौधरी (Samrat Choudhary) और बेंजामिन नेतन्याहू (Israel PM Netanyahu) ने बात की।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_false (touches (m, t, "फाइल फोटो"));
  g_assert_false (touches (m, t, "File Photo"));
  g_assert_cmpstr (key_of (m, t, "Samrat Choudhary"), ==, key_of (m, t, "सम्राट चौधरी"));
  /* The gloss gives the Latin name of a name no list knows. */
  g_assert_cmpstr (find (m, t, "सम्राट चौधरी", 0)->latin, ==, "Samrat Choudhary");
  g_assert_cmpstr (key_of (m, t, "Netanyahu"), ==, "person:benjamin netanyahu");
  g_assert_cmpstr (key_of (m, t, "Israel"), ==, "place:israel");
}

static void
test_latin_names (void)
{
  const char *t = "Advertisement\nImran Khan Arrest: इमरान खान गिरफ्तार। "
                  "पाकिस्तान (pakistan) में Read Time बढ़ा; us और them, Israel ने कहा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "Imran Khan"), ==, "person:imran khan");
  g_assert_cmpstr (key_of (m, t, "इमरान खान"), ==, "person:imran khan");
  g_assert_cmpstr (key_of (m, t, "pakistan"), ==, "place:pakistan");
  g_assert_cmpstr (key_of (m, t, "Israel"), ==, "place:israel");
  g_assert_false (touches (m, t, "Advertisement"));
  g_assert_false (touches (m, t, "Read Time"));
  g_assert_false (touches (m, t, "us और"));
}

static void
test_title_person (void)
{
  const char *t = "विदेश मंत्री अरुणा देवसरे ने कहा कि प्रधानमंत्री आवास योजना जारी रहेगी। "
                  "मुख्य न्यायाधीश तरुण वालिया की बेंच ने सुनवाई की।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "अरुणा देवसरे"), ==, "person:अरुणा देवसरे");
  g_assert_cmpstr (key_of (m, t, "तरुण वालिया"), ==, "person:तरुण वालिया");
  g_assert_false (touches (m, t, "आवास"));
  /* Not in the gazetteer: the Latin name is transliterated. */
  g_assert_true (g_str_has_prefix (find (m, t, "अरुणा देवसरे", 0)->latin, "Aruna "));
}

static void
test_partial_name_links (void)
{
  const char *t = "रूस के सुरक्षा परिषद सचिव सर्गेई शोइगु प्योंगयांग पहुंचे। शोइगु ने कहा। "
                  "राज्य सुरक्षा मंत्री री चांग-डे द्वारा बैठक हुई। री और शोइगु मिले। "
                  "किम जोंग-उन से मुलाकात हुई, किम ने स्वागत किया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "सर्गेई शोइगु"), ==, "person:sergei shoigu");
  g_assert_cmpstr (find (m, t, "शोइगु", 0)->key, ==, "person:sergei shoigu");
  g_assert_cmpstr (find (m, t, "शोइगु", 1)->key, ==, "person:sergei shoigu");
  g_assert_nonnull (key_of (m, t, "री चांग-डे"));
  g_assert_cmpstr (key_of (m, t, "री"), ==, key_of (m, t, "री चांग-डे"));
  g_assert_cmpstr (key_of (m, t, "किम"), ==, "person:kim jong un");
}

static void
test_ambiguous_part (void)
{
  const char *t = "सांसद रमेश चौधरी, विधायक सुरेश चौधरी और मंत्री आए। चौधरी ने कहा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_nonnull (key_of (m, t, "रमेश चौधरी"));
  g_assert_nonnull (key_of (m, t, "सुरेश चौधरी"));
  /* Two people share the surname: the lone one stays unlinked. */
  g_assert_null (find (m, t, "चौधरी", 0));
}

static void
test_given_surname (void)
{
  const char *t = "बैठक में अनिल कुमार शर्मा, दिनेश यादव और पवन वर्मा मौजूद थे।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "अनिल कुमार शर्मा"), ==, "person:अनिल कुमार शर्मा");
  g_assert_nonnull (key_of (m, t, "दिनेश यादव"));
  g_assert_nonnull (key_of (m, t, "पवन वर्मा"));
}

static void
test_surname_ends_run (void)
{
  const char *t = "मैदान पर धमाकेदार बल्लेबाजी करती सुनंदा रावल की पारी। फिल्म पठान ने रिकॉर्ड बनाया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "सुनंदा रावल", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_false (touches (m, t, "फिल्म पठान"));
}

static void
test_family_and_age (void)
{
  const char *t = "मृतक की पहचान रामू (35) पुत्र श्यामलाल के रूप में हुई। पुलिस ने सुनीता देवी पत्नी "
                  "रमेश साहनी को पकड़ा। मैच में भारत (245) जीता।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "रामू", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpint (find (m, t, "श्यामलाल", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpint (find (m, t, "सुनीता देवी", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpint (find (m, t, "रमेश साहनी", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (key_of (m, t, "भारत"), ==, "place:india");
  g_assert_false (touches (m, t, "पहचान"));
}

static void
test_honorific_ji (void)
{
  const char *t = "अटल जी ने देश को दिशा दी। पंडित जी ने पूजा कराई। जी हां, यह सच है।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "अटल", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_false (touches (m, t, "पंडित"));
  g_assert_cmpuint (m->len, ==, 1);
}

static void
test_org_head (void)
{
  const char *t = "मौद्रिक नीति समिति की बैठक के बाद एक निगरानी समूह बना। "
                  "रूसी समाचार एजेंसी टैस ने बताया। पटना हाई कोर्ट ने सुनवाई की।";
  g_autoptr(GPtrArray) m = extract (t);
  g_autofree char *folded = khoji_text_fold ("पटना हाई कोर्ट", -1);
  g_autofree char *expected = NULL;

  g_assert_nonnull (key_of (m, t, "मौद्रिक नीति समिति"));
  g_assert_false (touches (m, t, "निगरानी समूह"));
  g_assert_cmpstr (key_of (m, t, "रूसी"), ==, "place:russia");
  g_assert_cmpstr (key_of (m, t, "टैस"), ==, "organization:tass");
  g_assert_false (touches (m, t, "समाचार एजेंसी"));
  /* Names from rules are keyed by their folding key. */
  expected = g_strconcat ("organization:", folded, NULL);
  g_assert_cmpstr (key_of (m, t, "पटना हाई कोर्ट"), ==, expected);
}

static void
test_place_and_head (void)
{
  const char *t = "बिहार पुलिस ने जांच शुरू की और पाकिस्तान विदेश मंत्रालय ने बयान जारी किया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "बिहार पुलिस", 0)->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpstr (key_of (m, t, "पाकिस्तान विदेश मंत्रालय"), ==,
                   "organization:ministry of foreign affairs of pakistan");
}

static void
test_loan_org_name (void)
{
  const char *t = "इंटरनेशनल सेंटर फॉर सिस्मोग्राफी के मुताबिक झटके तेज थे।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *org = find (m, t, "इंटरनेशनल सेंटर फॉर सिस्मोग्राफी", 0);

  g_assert_nonnull (org);
  g_assert_cmpint (org->type, ==, KHOJI_ENTITY_ORGANIZATION);
}

static void
test_place_cue (void)
{
  const char *t = "भूकंप का केंद्र दिपायल शहर के पास था।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "दिपायल"), ==, "place:दिपायल");
  g_assert_false (touches (m, t, "केंद्र"));
}

static void
test_place_suffix (void)
{
  const char *t = "हसनगंज कोतवाली पुलिस ने बताया कि मीरापुरा में फसल बर्बाद हुई। शशि कपूर आए। "
                  "लोगों ने जिंदाबाद के नारे लगाए।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "हसनगंज", 0)->type, ==, KHOJI_ENTITY_PLACE);
  g_assert_cmpint (find (m, t, "मीरापुरा", 0)->type, ==, KHOJI_ENTITY_PLACE);
  g_assert_cmpint (find (m, t, "शशि कपूर", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_false (touches (m, t, "बर्बाद"));
  g_assert_false (touches (m, t, "जिंदाबाद"));
}

static void
test_agency_credit (void)
{
  const char *t = "नई दिल्ली, 12 मार्च (भाषा) सरकार ने कहा कि हिंदी भाषा का सम्मान होगा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (find (m, t, "भाषा", 0)->key, ==, "organization:press trust of india");
  g_assert_null (find (m, t, "भाषा", 1));
  g_assert_false (touches (m, t, "हिंदी"));
}

/* An English wire story's credit, "(PTI)" after its dateline, is the
 * Press Trust of India, as "(भाषा)" is; "PTI" elsewhere, and in
 * parentheses after the name it shortens, is Imran Khan's party. */
static void
test_agency_credit_latin (void)
{
  const char *t = "NEW DELHI, June 3 (PTI) Prime Minister Narendra Modi met Anthony Albanese. "
                  "Imran Khan's party PTI called for protests. Pakistan Tehreek-e-Insaf (PTI) leaders met. "
                  "इमरान खान की पार्टी PTI ने प्रदर्शन किया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (find (m, t, "PTI", 0)->key, ==, "organization:press trust of india");
  g_assert_cmpstr (find (m, t, "PTI", 0)->name, ==, "पीटीआई");
  g_assert_cmpstr (find (m, t, "PTI", 1)->key, ==, "organization:pakistan tehreek-e-insaf");
  g_assert_cmpstr (find (m, t, "PTI", 2)->key, ==, "organization:pakistan tehreek-e-insaf");
  g_assert_cmpstr (find (m, t, "PTI", 3)->key, ==, "organization:pakistan tehreek-e-insaf");
  g_assert_cmpstr (key_of (m, t, "Narendra Modi"), ==, "person:narendra modi");
}

static void
test_lexicon (void)
{
  const char *t = "कमला नगर में मेला लगा। ज़ेलेंस्की ने कहा।";
  g_autoptr(GPtrArray) lexicon = g_ptr_array_new ();
  KhojiLexiconEntry entry = {
    .form_key = khoji_text_fold ("कमला नगर", -1),
    .entity_key = (char *) "place:kamla nagar",
    .name = (char *) "कमला नगर",
    .latin = (char *) "Kamla Nagar",
    .type = KHOJI_ENTITY_PLACE,
  };
  g_autoptr(GPtrArray) m = NULL;
  KhojiMention *hit;

  g_ptr_array_add (lexicon, &entry);
  m = khoji_extract_entities (gazetteer, t, lexicon);
  hit = find (m, t, "कमला नगर", 0);
  g_assert_nonnull (hit);
  g_assert_cmpstr (hit->key, ==, "place:kamla nagar");
  g_assert_cmpint (hit->type, ==, KHOJI_ENTITY_PLACE);
  g_assert_cmpstr (hit->latin, ==, "Kamla Nagar");
  g_assert_cmpstr (key_of (m, t, "ज़ेलेंस्की"), ==, "person:volodymyr zelensky");
  g_free (entry.form_key);
}

static void
test_offsets_and_latin (void)
{
  const char *t = "(आईएएनएस) व्लादिमीर पुतिन ने एएफपी से कहा।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *putin = find (m, t, "व्लादिमीर पुतिन", 0);

  g_assert_nonnull (putin);
  g_assert_cmpuint (putin->start, ==, strlen ("(आईएएनएस) "));
  g_assert_cmpstr (putin->latin, ==, "Vladimir Putin");
  g_assert_cmpint (putin->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (key_of (m, t, "आईएएनएस"), ==, "organization:ians");
  g_assert_cmpstr (key_of (m, t, "एएफपी"), ==, "organization:agence france-presse");
}

static void
test_person_list (void)
{
  const char *t = "अदालत ने फवाद चौधरी, सैफुल्ला नियाजी, नईम हैदर और अली बुखारी की गिरफ्तारी पर रोक लगाई।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_nonnull (key_of (m, t, "फवाद चौधरी"));
  g_assert_nonnull (key_of (m, t, "सैफुल्ला नियाजी"));
  g_assert_nonnull (key_of (m, t, "नईम हैदर"));
  g_assert_nonnull (key_of (m, t, "अली बुखारी"));
  g_assert_cmpint (find (m, t, "नईम हैदर", 0)->type, ==, KHOJI_ENTITY_PERSON);
}

static void
test_speaker (void)
{
  const char *t = "रमाकांत तिवारी ने कहा कि धरना जारी रहेगा। ग्राम प्रधान ने कहा कि मदद मिलेगी। "
                  "अस्पताल प्रशासन ने बताया कि इलाज जारी है।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_nonnull (key_of (m, t, "रमाकांत तिवारी"));
  g_assert_false (touches (m, t, "ग्राम प्रधान"));
  g_assert_false (touches (m, t, "अस्पताल प्रशासन"));
}

static void
test_owned_person (void)
{
  const char *t = "फाइनल में स्कॉटलैंड की क्रिस्टी गिलमोर को हराया। गाजा की पूर्ण घेराबंदी के बाद हालात बिगड़े।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "क्रिस्टी गिलमोर", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (key_of (m, t, "स्कॉटलैंड"), ==, "place:scotland");
  g_assert_false (touches (m, t, "पूर्ण घेराबंदी"));
}

static void
test_org_chief_title (void)
{
  const char *t = "इसरो प्रमुख वी नारायणन ने लॉन्च की जानकारी दी। यह प्रमुख मुद्दा है। "
                  "उसका सपना डॉक्टर बनने का है।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "वी नारायणन"), ==, "person:v. narayanan");
  g_assert_false (touches (m, t, "मुद्दा"));
  g_assert_false (touches (m, t, "बनने"));
}

static void
test_no_false_names (void)
{
  const char *t = "सरकार ने कहा कि लोगों को राहत मिलेगी। पुलिस ने बताया कि मामले की जांच जारी है। "
                  "बारिश के कारण कई इलाकों में पानी भर गया और सड़कें बंद रहीं।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpuint (m->len, ==, 0);
}

/* Initials: run together before a surname, or a lone letter name (के) at
 * a clause's start or after a title when the name acts. */
static void
test_initials (void)
{
  const char *t = "उद्योगपति जीडी बिड़ला ने कारखाना खोला। के चंद्रमोहन ने भाषण दिया। "
                  "राष्ट्रपति के भाषण में कई बातें थीं।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *gd = find (m, t, "जीडी बिड़ला", 0);
  KhojiMention *k = find (m, t, "के चंद्रमोहन", 0);

  g_assert_nonnull (gd);
  g_assert_cmpint (gd->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (gd->latin, ==, "G. D. Birla");
  g_assert_nonnull (k);
  g_assert_cmpint (k->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (k->latin, ==, "K. Chandramohan");
  g_assert_false (touches (m, t, "भाषण में"));
}

/* The first words of a dateline name a place, known or not. */
static void
test_dateline_place (void)
{
  const char *t = "माउंट मॉन्गानुई, 5 जनवरी (एजेंसी) मैच बारिश से धुल गया।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *p = find (m, t, "माउंट मॉन्गानुई", 0);

  g_assert_nonnull (p);
  g_assert_cmpint (p->type, ==, KHOJI_ENTITY_PLACE);
}

/* An English company head after a known name makes one company:
 * the place or country before it is not an entity of its own. */
static void
test_corporate_head (void)
{
  const char *t = "पुणे मोटर्स ने नई कार उतारी। टेनिस इंडिया ने टीम चुनी। "
                  "कोलकाता शेयर बाजार में तेजी रही।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "पुणे मोटर्स", 0)->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpint (find (m, t, "टेनिस इंडिया", 0)->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpint (find (m, t, "कोलकाता शेयर बाजार", 0)->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpstr (find (m, t, "टेनिस इंडिया", 0)->latin, ==, "Tennis India");
  g_assert_cmpstr (find (m, t, "पुणे मोटर्स", 0)->latin, ==, "Pune Motors");
}

/* A bare ministry is India's in an article about India, and nobody's
 * when another country is named more than twice as often. */
static void
test_bare_ministry (void)
{
  const char *a = "भारत ने सीमा पर चौकसी बढ़ाई। रक्षा मंत्रालय ने बयान जारी किया।";
  const char *b = "पाकिस्तान में चुनाव हुए। पाकिस्तान में भीड़ रही। पाकिस्तान से खबरें आईं। "
                  "भारत चुप रहा। "
                  "रक्षा मंत्रालय ने बयान जारी किया।";
  g_autoptr(GPtrArray) ma = extract (a);
  g_autoptr(GPtrArray) mb = extract (b);

  g_assert_cmpstr (key_of (ma, a, "रक्षा मंत्रालय"), ==, "organization:ministry of defence");
  g_assert_false (touches (mb, b, "रक्षा मंत्रालय"));
}

/* A short name in parentheses right after a body is the body, even a
 * common word; the same word elsewhere is not. A conjunction may sit inside
 * a name its acronym follows. */
static void
test_paren_short_name (void)
{
  const char *t = "लोक समता पार्टी (हम) ने सूची जारी की। हम सब जानते हैं। "
                  "विज्ञान और प्रौद्योगिकी विभाग (डीएसटी) ने अनुदान दिया।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *party = find (m, t, "लोक समता पार्टी", 0);
  KhojiMention *dept = find (m, t, "विज्ञान और प्रौद्योगिकी विभाग", 0);

  g_assert_nonnull (party);
  g_assert_cmpstr (key_of (m, t, "हम"), ==, party->key);
  g_assert_null (find (m, t, "हम", 1));
  g_assert_nonnull (dept);
  g_assert_cmpstr (key_of (m, t, "डीएसटी"), ==, dept->key);
}

/* A name found by rule whose acronym the gazetteer knows is that entity. */
static void
test_known_acronym_gloss (void)
{
  const char *t = "नेशनल इन्वेस्टिगेशन एजेंसी (एनआईए) ने छापे मारे।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_nonnull (key_of (m, t, "एनआईए"));
  g_assert_cmpstr (key_of (m, t, "नेशनल इन्वेस्टिगेशन एजेंसी"), ==, key_of (m, t, "एनआईए"));
}

/* A demonym that is an everyday noun names its country only before a
 * people or state noun; a town named like an everyday word is no place. */
static void
test_homographs (void)
{
  const char *t = "चाय में चीनी कम डालें। चीनी सेना सीमा पर है। कोरोना के मामले बढ़े। "
                  "लीमा में सम्मेलन हुआ।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_null (find (m, t, "चीनी", 1));
  g_assert_cmpstr (find (m, t, "चीनी", 0)->key, ==, "place:china");
  g_assert_false (touches (m, t, "कोरोना"));
  g_assert_cmpstr (key_of (m, t, "लीमा"), ==, "place:lima");
}

/* Descriptions are no names: "X की अध्यक्षता वाली समिति", "… की सफाई कंपनी". */
static void
test_descriptions (void)
{
  const char *t = "न्यायाधीश की अध्यक्षता वाली समिति ने रिपोर्ट दी। "
                  "स्टेडियम की सफाई प्रबंधन कंपनी ने काम रोका।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_false (touches (m, t, "वाली समिति"));
  g_assert_false (touches (m, t, "प्रबंधन कंपनी"));
}

/* A lone surname that many people share is not linked to the one named,
 * and a title is no part of a name. */
static void
test_shared_surname (void)
{
  const char *t = "कैप्टन अमरिंदर सिंह ने बैठक बुलाई। टीम में सिंह सबसे युवा थे।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "अमरिंदर सिंह"), ==, "person:amarinder singh");
  g_assert_null (find (m, t, "सिंह", 0));
}

/* Latin names: ंह is "ngh", letter names are initials or an acronym,
 * English words of institution names are spelt in English. */
static void
test_latin_loans_and_initials (void)
{
  struct { const char *in, *out; } cases[] = {
    { "गुरमीत सिंह", "Gurmit Singh" },
    { "एमके गांधी", "M. K. Gandhi" },
    { "टीसीएस", "TCS" },
    { "नेशनल फाउंडेशन फॉर साइंस", "National Foundation for Science" },
    /* schwas settled from the word's end: a glide cluster after, not a
     * heavier one */
    { "गुरमनप्रीत", "Gurmanprit" },
    { "सिमरनजीत", "Simranjit" },
    { "परिसंपत्ति", "Parisampatti" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *l = khoji_text_to_latin (cases[i].in);
      g_assert_cmpstr (l, ==, cases[i].out);
    }
}

/* "<description> कंपनी <ACRONYM>": the acronym is the company; a short
 * name said as a word in parentheses is the body's alias everywhere. */
static void
test_descriptor_and_spoken_short_name (void)
{
  const char *t = "सौदे में सुरक्षा प्रबंधन कंपनी एएसएसएल भी शामिल है। "
                  "ग्रामीण विकास परिषद (ग्राविप) ने बैठक की। बाद में ग्राविप के सदस्य लौटे।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *council = find (m, t, "ग्रामीण विकास परिषद", 0);

  g_assert_false (touches (m, t, "प्रबंधन कंपनी"));
  g_assert_cmpint (find (m, t, "एएसएसएल", 0)->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_nonnull (council);
  g_assert_cmpstr (key_of (m, t, "ग्राविप"), ==, council->key);
  g_assert_cmpstr (find (m, t, "ग्राविप", 1)->key, ==, council->key);
}

/* Two name words no list knows doing a deed (… ने) are a person when
 * the surname comes back alone; a storm with a name, or a noun phrase
 * doing a deed, is not. */
static void
test_agent_names (void)
{
  const char *t = "टोबियास ब्रांट ने दो गोल दागे। ब्रांट का यह पहला गोल था। "
                  "चक्रवात फेलिन ने तबाही मचाई। डिजिटल भुगतान ने रफ्तार पकड़ी। "
                  "शेयर बाजार ने रिकॉर्ड बनाया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "टोबियास ब्रांट", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_false (touches (m, t, "चक्रवात"));
  g_assert_false (touches (m, t, "डिजिटल भुगतान"));
  g_assert_false (touches (m, t, "शेयर बाजार"));
}

/* An institute of a many-campus system named with its town is one
 * institute; the town is not a place of the story. */
static void
test_campus (void)
{
  const char *t = "आईआईएम अहमदाबाद के छात्रों ने पुरस्कार जीता। आईआईटी की परीक्षा कठिन है।";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *c = find (m, t, "आईआईएम अहमदाबाद", 0);

  g_assert_nonnull (c);
  g_assert_cmpint (c->type, ==, KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpstr (c->latin, ==, "IIM Ahmedabad");
  g_assert_cmpstr (key_of (m, t, "आईआईटी"), ==, "organization:indian institute of technology");
}

/* Foreign names spelt with other vowels are found by their consonants
 * (कोपेनहेगन for कोपनहागन); a short word is never matched so. */
static void
test_consonant_skeleton (void)
{
  const char *t = "कोपेनहेगन में जलवायु सम्मेलन हुआ। उन्होंने कहा कि वह लौटेंगे।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "कोपेनहेगन"), ==, "place:copenhagen");
  g_assert_cmpuint (m->len, ==, 1);
}

/* Film and book credits name people, and so does a list of people each
 * with their country ("चिली के X Y और पेरू के …"). */
static void
test_credits_and_owned_lists (void)
{
  const char *t = "मारिसा लारेन की निर्देशित फिल्म चर्चा में रही। "
                  "दल में चिली के माटेओ फ्यूनेस और पेरू के लुकास ओर्टेगा भी हैं।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "मारिसा लारेन", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpint (find (m, t, "माटेओ फ्यूनेस", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpint (find (m, t, "लुकास ओर्टेगा", 0)->type, ==, KHOJI_ENTITY_PERSON);
}

/* Particles of Arabic names do not make a name too long to be one. */
static void
test_arabic_particles (void)
{
  const char *t = "ओमान के सुल्तान हैथम बिन तारिक अल सईद ने स्वागत किया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "हैथम बिन तारिक अल सईद", 0)->type, ==, KHOJI_ENTITY_PERSON);
}

/* Run-together letters before a noun are an acronym, not initials; a
 * text may start with a lone initial. */
static void
test_initials_not_acronym_nouns (void)
{
  const char *t = "के नटराजन ने कहा कि एफआईआर दर्ज की गई। एफआईआर दर्ज हुई। "
                  "ओबीसी आरक्षण पर बहस हुई। ओबीसी आरक्षण का मुद्दा उठा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpint (find (m, t, "के नटराजन", 0)->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_false (touches (m, t, "एफआईआर दर्ज"));
  g_assert_false (touches (m, t, "ओबीसी आरक्षण"));
}

/* A common word whose letters spell an acronym is no initial: इसी reads
 * as the letters ई सी, and दिशा is also a given name. */
static void
test_common_word_no_acronym (void)
{
  const char *t = "सरकार इसी दिशा में काम कर रही है। इसी दिशा में आगे बढ़ना होगा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_false (touches (m, t, "इसी"));
  g_assert_cmpuint (m->len, ==, 0);
}

/* A letter joined to a word by a hyphen is a prefix (ई-मेल, ई-पंचायत,
 * सी-प्लेन), never an initial, whether the hyphen has spaces around it
 * or not. */
static void
test_letter_prefix_no_initial (void)
{
  const char *t = "ई-पंचायत से गांव जुड़े हैं। ई - पंचायत से गांव जुड़े हैं। "
                  "सी-प्लेन सेवा शुरू हुई। के नटराजन ने कहा।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_false (touches (m, t, "पंचायत"));
  g_assert_false (touches (m, t, "प्लेन"));
  g_assert_nonnull (find (m, t, "के नटराजन", 0));
  g_assert_cmpint (find (m, t, "के नटराजन", 0)->type, ==, KHOJI_ENTITY_PERSON);
}


/* An article in English: names the gazetteer knows in Latin letters
 * (hand-made rows' Latin names, an acronym spelt out, demonyms, regions
 * and towns), names no list knows found by their shape and cues, and
 * the capitalised words that start sentences or are roles left alone. */
static void
test_english_article (void)
{
  const char *t =
    "Leaders meet in Berlin as grain talks resume\n"
    "BERLIN, March 3 (Reuters) - German Chancellor Olaf Scholz hosted Ukrainian President "
    "Volodymyr Zelensky on Tuesday, a day after the United Nations General Assembly debated "
    "the grain corridor. The talks followed shelling in the Zaporizhzhia region overnight.\n"
    "Dr. Helena Varga of the Institute for Maritime Security Studies said exports through "
    "Odesa had halved. \"Farmers in Texas and Saskatchewan are watching,\" Varga added. "
    "The Food and Agriculture Organization warned of higher prices, and officials from the "
    "WFP joined Germany's delegation.\n"
    "However, on Monday the meeting was delayed. Lukas Brenner, a trade adviser, later "
    "told reporters that Brenner's team had drafted a plan.";
  g_autoptr(GPtrArray) m = extract (t);
  KhojiMention *varga = find (m, t, "Helena Varga", 0);
  KhojiMention *brenner = find (m, t, "Lukas Brenner", 0);

  g_assert_cmpstr (key_of (m, t, "Berlin"), ==, "place:berlin");
  g_assert_cmpstr (key_of (m, t, "BERLIN"), ==, "place:berlin");
  g_assert_cmpstr (key_of (m, t, "Reuters"), ==, "organization:reuters");
  g_assert_cmpstr (key_of (m, t, "German"), ==, "place:germany");
  g_assert_cmpstr (key_of (m, t, "Germany"), ==, "place:germany");
  g_assert_cmpstr (key_of (m, t, "Olaf Scholz"), ==, "person:olaf scholz");
  g_assert_cmpstr (key_of (m, t, "Ukrainian"), ==, "place:ukraine");
  g_assert_cmpstr (key_of (m, t, "Volodymyr Zelensky"), ==, "person:volodymyr zelensky");
  /* "UN General Assembly" spelt out */
  g_assert_cmpstr (key_of (m, t, "United Nations General Assembly"), ==,
                   "organization:un general assembly");
  g_assert_cmpstr (key_of (m, t, "Zaporizhzhia"), ==, "place:zaporizhzhia");
  g_assert_cmpstr (key_of (m, t, "Odesa"), ==, "place:odesa");
  g_assert_cmpstr (key_of (m, t, "Texas"), ==, "place:texas");
  g_assert_cmpstr (key_of (m, t, "Saskatchewan"), ==, "place:saskatchewan");
  /* After a title, and alone later */
  g_assert_nonnull (varga);
  g_assert_cmpint (varga->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (key_of (m, t, "Varga"), ==, varga->key);
  g_assert_cmpint (find (m, t, "Institute for Maritime Security Studies", 0)->type, ==,
                   KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpint (find (m, t, "Food and Agriculture Organization", 0)->type, ==,
                   KHOJI_ENTITY_ORGANIZATION);
  g_assert_cmpint (find (m, t, "WFP", 0)->type, ==, KHOJI_ENTITY_ORGANIZATION);
  /* A full name whose surname comes back alone */
  g_assert_nonnull (brenner);
  g_assert_cmpint (brenner->type, ==, KHOJI_ENTITY_PERSON);
  g_assert_cmpstr (key_of (m, t, "Brenner"), ==, brenner->key);
  /* Roles, sentence starters, days and months are no names. */
  g_assert_false (touches (m, t, "Chancellor"));
  g_assert_false (touches (m, t, "President"));
  g_assert_false (touches (m, t, "Dr."));
  g_assert_false (touches (m, t, "Leaders"));
  g_assert_false (touches (m, t, "March"));
  g_assert_false (touches (m, t, "The talks"));
  g_assert_false (touches (m, t, "Farmers"));
  g_assert_false (touches (m, t, "However"));
  g_assert_false (touches (m, t, "Tuesday"));
}

/* Latin letters inside a Hindi article name the same entities as their
 * Devanagari forms; an unknown Latin name with a cue is found too. */
static void
test_mixed_script (void)
{
  const char *t =
    "जर्मनी के चांसलर Olaf Scholz ने मंगलवार को बर्लिन में बैठक की। बाद में ओलाफ शोल्ज ने कहा "
    "कि Texas और टेक्सास के किसान चिंतित हैं। Dr. Helena Varga ने भी यही कहा। "
    "UNESCO और यूनेस्को दोनों ने बयान दिया।";
  g_autoptr(GPtrArray) m = extract (t);

  g_assert_cmpstr (key_of (m, t, "Olaf Scholz"), ==, "person:olaf scholz");
  g_assert_cmpstr (key_of (m, t, "ओलाफ शोल्ज"), ==, "person:olaf scholz");
  g_assert_cmpstr (key_of (m, t, "Texas"), ==, "place:texas");
  g_assert_cmpstr (key_of (m, t, "UNESCO"), ==, key_of (m, t, "यूनेस्को"));
  g_assert_cmpint (find (m, t, "Helena Varga", 0)->type, ==, KHOJI_ENTITY_PERSON);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gazetteer = khoji_gazetteer_new_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (gazetteer);

  g_test_add_func ("/khoji/entities/longest-match", test_longest_match);
  g_test_add_func ("/khoji/entities/postposition-outside", test_postposition_outside);
  g_test_add_func ("/khoji/entities/adjective-to-place", test_adjective_to_place);
  g_test_add_func ("/khoji/entities/demonym-inside-name", test_demonym_inside_name);
  g_test_add_func ("/khoji/entities/south-not-north", test_south_not_north);
  g_test_add_func ("/khoji/entities/us-not-un", test_us_not_un);
  g_test_add_func ("/khoji/entities/owned-body", test_owned_body);
  g_test_add_func ("/khoji/entities/bare-body-follows", test_bare_body_follows);
  g_test_add_func ("/khoji/entities/spelling-variants", test_spelling_variants);
  g_test_add_func ("/khoji/entities/latin-acronym-paren", test_latin_acronym_paren);
  g_test_add_func ("/khoji/entities/paren-captions", test_paren_captions);
  g_test_add_func ("/khoji/entities/latin-names", test_latin_names);
  g_test_add_func ("/khoji/entities/title-person", test_title_person);
  g_test_add_func ("/khoji/entities/partial-name-links", test_partial_name_links);
  g_test_add_func ("/khoji/entities/ambiguous-part", test_ambiguous_part);
  g_test_add_func ("/khoji/entities/given-surname", test_given_surname);
  g_test_add_func ("/khoji/entities/surname-ends-run", test_surname_ends_run);
  g_test_add_func ("/khoji/entities/family-and-age", test_family_and_age);
  g_test_add_func ("/khoji/entities/honorific-ji", test_honorific_ji);
  g_test_add_func ("/khoji/entities/org-head", test_org_head);
  g_test_add_func ("/khoji/entities/loan-org-name", test_loan_org_name);
  g_test_add_func ("/khoji/entities/place-and-head", test_place_and_head);
  g_test_add_func ("/khoji/entities/place-cue", test_place_cue);
  g_test_add_func ("/khoji/entities/place-suffix", test_place_suffix);
  g_test_add_func ("/khoji/entities/agency-credit", test_agency_credit);
  g_test_add_func ("/khoji/entities/agency-credit-latin", test_agency_credit_latin);
  g_test_add_func ("/khoji/entities/lexicon", test_lexicon);
  g_test_add_func ("/khoji/entities/offsets-and-latin", test_offsets_and_latin);
  g_test_add_func ("/khoji/entities/person-list", test_person_list);
  g_test_add_func ("/khoji/entities/speaker", test_speaker);
  g_test_add_func ("/khoji/entities/owned-person", test_owned_person);
  g_test_add_func ("/khoji/entities/org-chief-title", test_org_chief_title);
  g_test_add_func ("/khoji/entities/no-false-names", test_no_false_names);
  g_test_add_func ("/khoji/entities/initials", test_initials);
  g_test_add_func ("/khoji/entities/initials-not-acronym-nouns", test_initials_not_acronym_nouns);
  g_test_add_func ("/khoji/entities/letter-prefix-no-initial", test_letter_prefix_no_initial);
  g_test_add_func ("/khoji/entities/common-word-no-acronym", test_common_word_no_acronym);
  g_test_add_func ("/khoji/entities/arabic-particles", test_arabic_particles);
  g_test_add_func ("/khoji/entities/credits-and-owned-lists", test_credits_and_owned_lists);
  g_test_add_func ("/khoji/entities/consonant-skeleton", test_consonant_skeleton);
  g_test_add_func ("/khoji/entities/campus", test_campus);
  g_test_add_func ("/khoji/entities/agent-names", test_agent_names);
  g_test_add_func ("/khoji/entities/descriptor-and-spoken-short-name", test_descriptor_and_spoken_short_name);
  g_test_add_func ("/khoji/entities/dateline-place", test_dateline_place);
  g_test_add_func ("/khoji/entities/corporate-head", test_corporate_head);
  g_test_add_func ("/khoji/entities/bare-ministry-of-india", test_bare_ministry);
  g_test_add_func ("/khoji/entities/paren-short-name", test_paren_short_name);
  g_test_add_func ("/khoji/entities/known-acronym-gloss", test_known_acronym_gloss);
  g_test_add_func ("/khoji/entities/homographs", test_homographs);
  g_test_add_func ("/khoji/entities/descriptions", test_descriptions);
  g_test_add_func ("/khoji/entities/shared-surname", test_shared_surname);
  g_test_add_func ("/khoji/entities/latin-loans-and-initials", test_latin_loans_and_initials);
  g_test_add_func ("/khoji/entities/english-article", test_english_article);
  g_test_add_func ("/khoji/entities/mixed-script", test_mixed_script);

  ret = g_test_run ();
  khoji_gazetteer_unref (gazetteer);
  return ret;
}
