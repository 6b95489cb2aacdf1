/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-dates"

#include <string.h>

#include <glib.h>

#include "khoji-analysis.h"
#include "khoji-calendar-words.h"

/* The spans found, as "span=value; …", so that a failing assertion shows
 * what the tagger saw. */
static char *
describe (const char *text, GPtrArray *dates)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < dates->len; i++)
    {
      KhojiDateMention *m = g_ptr_array_index (dates, i);

      g_string_append_printf (s, "%s%.*s=%s", i ? "; " : "",
                              (int) (m->end - m->start), text + m->start,
                              m->value ? m->value : "(null)");
    }
  return g_string_free (s, FALSE);
}

/* Asserts that a date spans exactly `span` and has `value`. */
static KhojiDateMention *
expect_date (const char *text,
             GPtrArray  *dates,
             const char *span,
             const char *value)
{
  g_autofree char *found = NULL;

  for (guint i = 0; i < dates->len; i++)
    {
      KhojiDateMention *m = g_ptr_array_index (dates, i);

      if (m->end - m->start == strlen (span) && memcmp (text + m->start, span, strlen (span)) == 0)
        {
          g_assert_cmpstr (m->value, ==, value);
          g_assert_cmpuint (m->sentence_start, <=, m->start);
          g_assert_cmpuint (m->sentence_end, >=, m->end);
          return m;
        }
    }
  found = describe (text, dates);
  g_assert_cmpstr (found, ==, span);
  return NULL;
}

static void
expect_count (const char *text, GPtrArray *dates, guint n)
{
  if (dates->len != n)
    {
      g_autofree char *found = describe (text, dates);
      g_autofree char *want = g_strdup_printf ("%u dates", n);

      g_assert_cmpstr (found, ==, want);
    }
}

/* Given the sentences the import has made, the dates are those found
 * when they are made anew: the same spans, values and sentences. */
static void
test_given_sentences (void)
{
  const char *text = "नई दिल्ली, 12 मार्च। सोमवार को बैठक हुई। Jun. 12 को फिर मिलेंगे।\n"
                     "पिछले साल 5 अगस्त 2023 तक काम चला।";
  g_autoptr(GArray) sentences = khoji_text_sentences (text, strlen (text));
  g_autoptr(GPtrArray) made = khoji_extract_dates (text, "2024-03-12");
  g_autoptr(GPtrArray) given = khoji_extract_dates_with_sentences (text, "2024-03-12", sentences);

  g_assert_cmpuint (made->len, >=, 4);
  g_assert_cmpuint (given->len, ==, made->len);
  for (guint i = 0; i < made->len; i++)
    {
      KhojiDateMention *a = g_ptr_array_index (made, i), *b = g_ptr_array_index (given, i);

      g_assert_cmpuint (a->start, ==, b->start);
      g_assert_cmpuint (a->end, ==, b->end);
      g_assert_cmpstr (a->value, ==, b->value);
      g_assert_cmpint (a->precision, ==, b->precision);
      g_assert_cmpuint (a->sentence_start, ==, b->sentence_start);
      g_assert_cmpuint (a->sentence_end, ==, b->sentence_end);
    }
  expect_date (text, given, "5 अगस्त 2023", "2023-08-05");
}

static void
test_weekday_fixes_year (void)
{
  const char *text = "नॉर्थ कोरिया ने सोमवार, 2 जून को रूस के साथ अपने सैन्य रिश्ते का बचाव किया.";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2025-06-02");
  g_autoptr(GPtrArray) d2 = khoji_extract_dates (text, "2024-01-10");
  KhojiDateMention *m;

  expect_count (text, d, 1);
  m = expect_date (text, d, "सोमवार, 2 जून", "2025-06-02");
  g_assert_cmpint (m->precision, ==, KHOJI_PRECISION_DAY);
  g_assert_cmpint (m->relative, ==, TRUE);
  /* 2 June was a Monday in 2014 and 2025: the one nearer the anchor */
  expect_date (text, d2, "सोमवार, 2 जून", "2025-06-02");

  {
    const char *after = "बैठक 2 जून, सोमवार को होगी।";
    g_autoptr(GPtrArray) d3 = khoji_extract_dates (after, "2024-01-10");

    expect_count (after, d3, 1);
    expect_date (after, d3, "2 जून, सोमवार", "2025-06-02");
  }
}

static void
test_weekday_future_tense (void)
{
  const char *a = "पुतिन मंगलवार को उत्तर कोरिया की यात्रा करेंगे।";
  const char *b = "मंगलवार को उत्तर कोरिया की अपनी यात्रा से पहले, रूसी राष्ट्रपति ने प्योंगयांग की प्रशंसा की।";
  const char *c = "उन्होंने कहा कि वे शुक्रवार को फिर मिलेंगे।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2024-06-17");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2024-06-17");
  g_autoptr(GPtrArray) dc = khoji_extract_dates (c, "2024-06-17");

  expect_date (a, da, "मंगलवार", "2024-06-18");
  expect_date (b, db, "मंगलवार", "2024-06-18");
  expect_date (c, dc, "शुक्रवार", "2024-06-21");
}

/* An outcome expected by a month is still to come, even when a past verb
 * of saying reports it. */
static void
test_month_expected_future (void)
{
  const char *a = "मंत्री ने बताया कि मार्च तक पुल का काम पूरा होने की उम्मीद है।";
  const char *b = "अधिकारियों ने कहा कि जुलाई तक नई नीति लागू करने की अपेक्षा है।";
  const char *c = "कंपनी ने मार्च में पुल का काम पूरा किया।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2023-08-10");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2023-08-10");
  g_autoptr(GPtrArray) dc = khoji_extract_dates (c, "2023-08-10");

  expect_date (a, da, "मार्च", "2024-03");
  expect_date (b, db, "जुलाई", "2024-07");
  expect_date (c, dc, "मार्च", "2023-03");
}

static void
test_weekday_past (void)
{
  const char *a = "उन्होंने गुरुवार को जारी अपनी पहली रिपोर्ट में ये आरोप लगाए हैं।";
  const char *b = "शनिवार को प्रकाशित यह आदेश जून के शिखर सम्मेलन के बाद आया है।";
  const char *c = "पुलिस ने बीते शुक्रवार को दो लोगों को गिरफ्तार किया।";
  const char *e = "रूसी एजेंसियों ने सोमवार को बताया कि दोनों नेता समझौते पर हस्ताक्षर करेंगे।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2025-05-30");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2024-11-09");
  g_autoptr(GPtrArray) dc = khoji_extract_dates (c, "2025-05-30");
  g_autoptr(GPtrArray) de = khoji_extract_dates (e, "2024-06-19");
  KhojiDateMention *m;

  m = expect_date (a, da, "गुरुवार", "2025-05-29");
  g_assert_cmpint (m->relative, ==, TRUE);
  /* the anchor's own weekday is the anchor day */
  expect_date (b, db, "शनिवार", "2024-11-09");
  /* "बीते" on the anchor's weekday is the week before */
  expect_date (c, dc, "बीते शुक्रवार", "2025-05-23");
  /* the verb of the clause that holds the date decides, not the one after कि */
  expect_date (e, de, "सोमवार", "2024-06-17");
}

static void
test_last_october (void)
{
  const char *text = "पिछले अक्टूबर में लॉन्च की गई निगरानी टीम प्रतिबंधों की निगरानी करती है.";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2025-06-02");
  g_autoptr(GPtrArray) d2 = khoji_extract_dates (text, "2025-11-20");
  KhojiDateMention *m;

  expect_count (text, d, 1);
  m = expect_date (text, d, "पिछले अक्टूबर", "2024-10");
  g_assert_cmpint (m->precision, ==, KHOJI_PRECISION_MONTH);
  g_assert_cmpint (m->relative, ==, TRUE);
  expect_date (text, d2, "पिछले अक्टूबर", "2025-10");
}

static void
test_last_year_june (void)
{
  const char *text = "किम पिछले साल जून में हुए समझौते की वर्षगांठ मनाने रूस आ सकते हैं। "
                     "पिछले साल कंपनी का मुनाफा बढ़ा। गत वर्ष भी यही हुआ था। "
                     "अगले साल चुनाव होंगे। पिछले महीने बैठक हुई थी।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2025-06-04");

  expect_count (text, d, 5);
  expect_date (text, d, "पिछले साल जून", "2024-06");
  expect_date (text, d, "पिछले साल", "2024");
  expect_date (text, d, "गत वर्ष", "2024");
  expect_date (text, d, "अगले साल", "2026");
  expect_date (text, d, "पिछले महीने", "2025-05");
}

static void
test_this_june (void)
{
  const char *text = "शनिवार को प्रकाशित यह आदेश इस जून में प्योंगयांग में हुए शिखर सम्मेलन के बाद आया है।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2024-11-09");

  expect_count (text, d, 2);
  expect_date (text, d, "इस जून", "2024-06");
}

static void
test_current_year (void)
{
  const char *text = "मौजूदा साल की 25 जनवरी को फिल्म पठान आई थी. वहीं, मौजूदा साल के 9वें महीने में "
                     "शाहरुख खान ने एक बार फिर धमाका किया है. दरअसल, आज 7 सितंबर को फिल्म जवान रिलीज हुई.";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2023-09-07");

  expect_count (text, d, 3);
  expect_date (text, d, "मौजूदा साल की 25 जनवरी", "2023-01-25");
  expect_date (text, d, "मौजूदा साल के 9वें महीने", "2023-09");
  /* आज is not a date of its own */
  expect_date (text, d, "7 सितंबर", "2023-09-07");
}

static void
test_devanagari_digits (void)
{
  const char *text = "रूस ने मार्च २०२४ में एक प्रस्ताव को वीटो कर दिया। रिपोर्ट १ जनवरी, २०२४ से "
                     "पहले की है। ११ देशों ने कहा कि २०२२ में हमला हुआ।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);
  KhojiDateMention *m;

  expect_count (text, d, 3);
  m = expect_date (text, d, "मार्च २०२४", "2024-03");
  g_assert_cmpint (m->relative, ==, FALSE);
  g_assert_cmpint (m->precision, ==, KHOJI_PRECISION_MONTH);
  m = expect_date (text, d, "१ जनवरी, २०२४", "2024-01-01");
  g_assert_cmpint (m->precision, ==, KHOJI_PRECISION_DAY);
  m = expect_date (text, d, "२०२२", "2022");
  g_assert_cmpint (m->precision, ==, KHOJI_PRECISION_YEAR);
}

static void
test_month_year (void)
{
  const char *text = "युद्ध फरवरी 2022 में शुरू हुआ। आरबीआई ने मई 2020 से दरें नहीं बदलीं। "
                     "फ़रवरी 2021 और सितम्बर, 2019 में भी। Jan 2020 में भी।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2022-02-10");

  expect_count (text, d, 5);
  expect_date (text, d, "फरवरी 2022", "2022-02");
  expect_date (text, d, "मई 2020", "2020-05");
  expect_date (text, d, "फ़रवरी 2021", "2021-02");
  expect_date (text, d, "सितम्बर, 2019", "2019-09");
  expect_date (text, d, "Jan 2020", "2020-01");
}

static void
test_range_between (void)
{
  const char *a = "रिपोर्ट १ जनवरी, २०२४ और ३० अप्रैल, २०२५ के बीच की अवधि को कवर करती है।";
  const char *b = "मेला 5 से 9 मार्च तक चलेगा और बैठक 10 या 11 सितंबर 2023 को होगी।";
  const char *c = "जनवरी और फरवरी 2024 में बिक्री घटी।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2025-05-30");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2025-01-10");
  g_autoptr(GPtrArray) dc = khoji_extract_dates (c, "2025-01-10");

  expect_count (a, da, 2);
  expect_date (a, da, "१ जनवरी, २०२४", "2024-01-01");
  expect_date (a, da, "३० अप्रैल, २०२५", "2025-04-30");
  expect_count (b, db, 2);
  expect_date (b, db, "5 से 9 मार्च", "2025-03-05/2025-03-09");
  expect_date (b, db, "10 या 11 सितंबर 2023", "2023-09-10/2023-09-11");
  expect_count (c, dc, 2);
  expect_date (c, dc, "जनवरी", "2024-01");
  expect_date (c, dc, "फरवरी 2024", "2024-02");
}

static void
test_month_span (void)
{
  const char *text = "अप्रैल-जून तिमाही में मुनाफा बढ़ा। अक्टूबर-नवंबर 2023 में चुनाव हुए। "
                     "दिसंबर-जनवरी 2024 में ठंड रही।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2024-08-01");
  KhojiDateMention *m;

  expect_count (text, d, 3);
  m = expect_date (text, d, "अप्रैल-जून", "2024-04/2024-06");
  g_assert_cmpint (m->precision, ==, KHOJI_PRECISION_MONTH);
  expect_date (text, d, "अक्टूबर-नवंबर 2023", "2023-10/2023-11");
  expect_date (text, d, "दिसंबर-जनवरी 2024", "2023-12/2024-01");
}

static void
test_not_counts (void)
{
  const char *text = "११ देशों ने कहा। 600 सैनिक मारे गए। करीब 11,000 सैनिकों को भेजा गया। "
                     "230 सीटों में से 108 सीटों पर जीत। अनुच्छेद 370 हटा। 2000 लोग जुटे। "
                     "2000 से ज्यादा लोग आए। करीब 2000 लोगों ने देखा। 3.35 प्रतिशत पर। 1500 रुपये में।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2024-01-01");

  expect_count (text, d, 0);
}

static void
test_not_durations (void)
{
  const char *text = "18 महीने, ट्रकों में छिपे ड्रोन। 30 वर्षों से यही हाल। तीन महीने से भी कम समय बाद। "
                     "चार साल बाद कमबैक। करीब सात दिनों की देरी। पिछले 10 साल में। पिछले कुछ महीनों में।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2024-01-01");

  expect_count (text, d, 0);
}

static void
test_not_clock_time (void)
{
  const char *text = "04-Jun-2025 3:58:20 pm\n998\nRead Time: 3 mins\nसुबह 10 बजे रवाना हुआ। "
                     "पहला झटका दोपहर 2 बजकर 25 मिनट पर आया। गिलमोर को 21-15, 21-9 से हराया।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);

  expect_count (text, d, 1);
  expect_date (text, d, "04-Jun-2025", "2025-06-04");
}

static void
test_ordinals (void)
{
  const char *text = "विश्व की 12वें नंबर की खिलाड़ी। नीतीश कुमार ने 9वीं बार शपथ ली। "
                     "द्वितीय विश्व युद्ध के बाद से।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2024-01-01");

  expect_count (text, d, 0);
}

static void
test_no_anchor_null_value (void)
{
  const char *text = "उन्होंने गुरुवार को रिपोर्ट जारी की। यह 2006 में शुरू हुआ। पिछले अक्टूबर में भी।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);
  KhojiDateMention *m;

  expect_count (text, d, 3);
  m = expect_date (text, d, "गुरुवार", NULL);
  g_assert_cmpint (m->relative, ==, TRUE);
  m = expect_date (text, d, "पिछले अक्टूबर", NULL);
  g_assert_cmpint (m->relative, ==, TRUE);
  m = expect_date (text, d, "2006", "2006");
  g_assert_cmpint (m->relative, ==, FALSE);
}

static void
test_dateline (void)
{
  const char *a = "रूस के सुरक्षा प्रमुख प्योंगयांग पहुंचे\n04-Jun-2025 3:58:20 pm\n998\nसियोल। खबर।";
  const char *b = "नई दिल्ली (28 सितंबर2015)- इसरो ने किया सफल प्रक्षेपण।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, NULL);
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, NULL);
  KhojiDateMention *m;

  expect_count (a, da, 1);
  m = expect_date (a, da, "04-Jun-2025", "2025-06-04");
  g_assert_cmpint (m->relative, ==, FALSE);
  expect_count (b, db, 1);
  expect_date (b, db, "28 सितंबर2015", "2015-09-28");
}

static void
test_number_words (void)
{
  const char *a = "केंद्र ने पांच अगस्त, 2019 को विशेष दर्जा हटा दिया था।";
  const char *b = "किसानों ने एक मार्च निकाला। दो जून की रोटी के लिए संघर्ष।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2023-12-11");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2023-12-11");

  expect_count (a, da, 1);
  expect_date (a, da, "पांच अगस्त, 2019", "2019-08-05");
  expect_count (b, db, 0);
}

static void
test_bare_year (void)
{
  const char *text = "प्रतिबंध 2006 में लगे। साल 2023 में बैठक हुई। देश सन् 1947 में आज़ाद हुआ। "
                     "वर्ष 2006 से। इससे पहले उन्होंने 2013 में जीता था. वे 2013, 2014 और 2015 में जीत चुकी हैं.";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);

  expect_count (text, d, 8);
  expect_date (text, d, "2006", "2006");
  expect_date (text, d, "साल 2023", "2023");
  expect_date (text, d, "सन् 1947", "1947");
  expect_date (text, d, "वर्ष 2006", "2006");
  expect_date (text, d, "2014", "2014");
  expect_date (text, d, "2015", "2015");
}

static void
test_bare_month (void)
{
  const char *past = "इसके अलावा अप्रैल में नॉर्थ कोरिया ने पहली बार पुष्टि की।";
  const char *future = "अक्टूबर में चुनाव होंगे।";
  const char *march = "किसानों ने दिल्ली तक मार्च निकाला। किसानों के मार्च में हजारों लोग थे। "
                      "कैंडल मार्च में भीड़ उमड़ी। हर जून में बाढ़ आती है।";
  g_autoptr(GPtrArray) dp = khoji_extract_dates (past, "2025-06-02");
  g_autoptr(GPtrArray) dp2 = khoji_extract_dates (past, "2025-02-02");
  g_autoptr(GPtrArray) df = khoji_extract_dates (future, "2025-06-02");
  g_autoptr(GPtrArray) df2 = khoji_extract_dates (future, "2025-11-02");
  g_autoptr(GPtrArray) dm = khoji_extract_dates (march, "2025-06-02");

  expect_date (past, dp, "अप्रैल", "2025-04");
  expect_date (past, dp2, "अप्रैल", "2024-04");
  expect_date (future, df, "अक्टूबर", "2025-10");
  expect_date (future, df2, "अक्टूबर", "2026-10");
  expect_count (march, dm, 0);
}

static void
test_day_month_anchor_year (void)
{
  const char *a = "भारतीय रिजर्व बैंक ने 10 फरवरी को अपनी नई क्रेडिट पॉलिसी का ऐलान किया।";
  const char *b = "उन्होंने 28 दिसंबर को इस्तीफा दे दिया था।";
  const char *c = "वहीं, 08 जून को नई दिल्ली में अधिकतम तापमान 40 डिग्री दर्ज किया जा सकता है.";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2022-02-10");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2025-01-05");
  g_autoptr(GPtrArray) dc = khoji_extract_dates (c, "2023-06-07");
  KhojiDateMention *m;

  m = expect_date (a, da, "10 फरवरी", "2022-02-10");
  g_assert_cmpint (m->relative, ==, TRUE);
  expect_date (b, db, "28 दिसंबर", "2024-12-28");
  expect_date (c, dc, "08 जून", "2023-06-08");
}

static void
test_spelling_variants (void)
{
  const char *text = "15 सितम्बर 2020, 2 अक्तूबर 2019, 3 नवम्बर 2018, 4 दिसम्बर 2017 और "
                     "5 जनवरि 2016 तथा 6 फ़रवरी 2015 को। June 4, 2025 and 12/05/2023 and 2024-03-01.";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);

  expect_count (text, d, 9);
  expect_date (text, d, "15 सितम्बर 2020", "2020-09-15");
  expect_date (text, d, "2 अक्तूबर 2019", "2019-10-02");
  expect_date (text, d, "3 नवम्बर 2018", "2018-11-03");
  expect_date (text, d, "4 दिसम्बर 2017", "2017-12-04");
  expect_date (text, d, "5 जनवरि 2016", "2016-01-05");
  expect_date (text, d, "6 फ़रवरी 2015", "2015-02-06");
  expect_date (text, d, "June 4, 2025", "2025-06-04");
  expect_date (text, d, "12/05/2023", "2023-05-12");
  expect_date (text, d, "2024-03-01", "2024-03-01");
}

static void
test_fiscal_year (void)
{
  const char *text = "वित्त वर्ष 2023-24 में विकास दर बढ़ी। 2019-2022 के दौरान भी।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);

  expect_count (text, d, 2);
  expect_date (text, d, "वर्ष 2023-24", "2023/2024");
  expect_date (text, d, "2019-2022", "2019/2022");
}

static void
test_sentence_span (void)
{
  const char *text = "पहला वाक्य है। उन्होंने गुरुवार को रिपोर्ट जारी की। तीसरा वाक्य।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2025-05-30");
  KhojiDateMention *m;
  g_autofree char *sentence = NULL;

  m = expect_date (text, d, "गुरुवार", "2025-05-29");
  sentence = g_strndup (text + m->sentence_start, m->sentence_end - m->sentence_start);
  g_assert_cmpstr (sentence, ==, "उन्होंने गुरुवार को रिपोर्ट जारी की।");
}

static void
test_year_from_sentence (void)
{
  const char *text = "साल 2016 में, 8 नवंबर को नोटबंदी का ऐलान हुआ था। अप्रैल में चुनाव हुए।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2024-06-12");
  KhojiDateMention *m;

  expect_count (text, d, 3);
  m = expect_date (text, d, "8 नवंबर", "2016-11-08");
  g_assert_cmpint (m->relative, ==, FALSE);
  /* another sentence: the anchor decides again */
  m = expect_date (text, d, "अप्रैल", "2024-04");
  g_assert_cmpint (m->relative, ==, TRUE);
}

static void
test_latin_datelines (void)
{
  const char *text = "Updated: Tue, 11 Jun 2024 10:30 AM IST\nPublished: June 12, 2024\n"
                     "प्रकाशित: 2024-06-12T10:30:00+05:30\nSun Pharma के शेयर चढ़े।\n"
                     "Last Updated: Jun. 13, 2024, 10:30 AM";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, NULL);

  expect_count (text, d, 4);
  expect_date (text, d, "Jun. 13, 2024", "2024-06-13");
  expect_date (text, d, "Tue, 11 Jun 2024", "2024-06-11");
  expect_date (text, d, "June 12, 2024", "2024-06-12");
  expect_date (text, d, "2024-06-12", "2024-06-12");
}

static void
test_forecast (void)
{
  const char *a = "19 से 21 जून के बीच भारी बारिश की संभावना है।";
  const char *b = "सोमवार से शुरू होने वाले सत्र में विधेयक पेश होगा।";
  const char *c = "शुक्रवार को हुए हमले के बाद सरकार कड़ी कार्रवाई करेगी।";
  g_autoptr(GPtrArray) da = khoji_extract_dates (a, "2024-06-12");
  g_autoptr(GPtrArray) db = khoji_extract_dates (b, "2024-06-12");
  g_autoptr(GPtrArray) dc = khoji_extract_dates (c, "2024-06-12");

  expect_date (a, da, "19 से 21 जून", "2024-06-19/2024-06-21");
  expect_date (b, db, "सोमवार", "2024-06-17");
  expect_date (c, dc, "शुक्रवार", "2024-06-07");

  {
    const char *e = "टीम ने शनिवार को अभ्यास किया और रविवार को मैच खेलेगी। "
                    "आरोपी को सोमवार को कोर्ट में पेश किया जाएगा।";
    g_autoptr(GPtrArray) de = khoji_extract_dates (e, "2024-06-12");

    expect_date (e, de, "शनिवार", "2024-06-08");
    expect_date (e, de, "रविवार", "2024-06-16");
    /* a passive future: किया जाएगा */
    expect_date (e, de, "सोमवार", "2024-06-17");
  }
}

/* Whole sentences in the shapes news uses, each with the one date it
 * holds (or none); anchor 2024-06-12, a Wednesday. */
static const struct {
  const char *sentence;
  const char *span;
  const char *value;
  guint       n;          /* dates in the sentence */
} news[] = {
  { "नई दिल्ली, 12 जून (भाषा) संसद का सत्र शुरू हुआ।", "12 जून", "2024-06-12", 1 },
  { "प्रधानमंत्री गुरुवार को तीन दिवसीय दौरे पर अमेरिका जा रहे हैं।", "गुरुवार", "2024-06-13", 1 },
  { "Last Updated: Jun 12, 2024 10:30 IST", "Jun 12, 2024", "2024-06-12", 1 },
  { "2024 लोकसभा चुनाव में भाजपा को 240 सीटें मिलीं।", "2024", "2024", 1 },
  { "1990 के दशक में यह कंपनी शुरू हुई थी।", NULL, NULL, 0 },
  { "2022 के फरवरी महीने में हमला हुआ।", "2022 के फरवरी", "2022-02", 1 },
  { "पुलिस ने बताया कि घटना बुधवार देर रात की है।", "बुधवार", "2024-06-12", 1 },
  { "15 अगस्त 1947 को देश आजाद हुआ था।", "15 अगस्त 1947", "1947-08-15", 1 },
  { "इसी साल जनवरी में उन्होंने इस्तीफा दे दिया।", "इसी साल जनवरी", "2024-01", 1 },
  { "सेंसेक्स 500 अंक चढ़कर 74,000 के स्तर पर बंद हुआ।", NULL, NULL, 0 },
  { "सोने की कीमत 2050 के स्तर पर पहुंची।", NULL, NULL, 0 },
  { "राज्य में 2000 की संख्या में पुलिसकर्मी तैनात हैं।", NULL, NULL, 0 },
  { "हेल्पलाइन नंबर 1800-180-1551 पर संपर्क करें।", NULL, NULL, 0 },
  { "ट्रेन संख्या 12951 सुबह 5:30 बजे पहुंचती है।", NULL, NULL, 0 },
  { "मैच के 90वें मिनट में गोल हुआ।", NULL, NULL, 0 },
  { "उसकी उम्र 2 साल 3 महीने थी।", NULL, NULL, 0 },
  { "26/11 हमले की बरसी पर श्रद्धांजलि दी गई।", NULL, NULL, 0 },
  { "पिछले हफ्ते सरकार ने घोषणा की।", NULL, NULL, 0 },
  { "20वीं सदी के अंत तक यह परंपरा खत्म हो गई।", NULL, NULL, 0 },
  { "आईपीएल 2024 का फाइनल 26 मई को खेला जाएगा।", "26 मई", "2024-05-26", 2 },
  { "ट्रंप 20 जनवरी 2025 को शपथ लेंगे।", "20 जनवरी 2025", "2025-01-20", 1 },
  { "अगले महीने से नए नियम लागू होंगे।", "अगले महीने", "2024-07", 1 },
  { "चंद्रयान-3 ने 23 अगस्त 2023 को लैंडिंग की।", "23 अगस्त 2023", "2023-08-23", 1 },
  { "बजट 2024-25 में किसानों के लिए प्रावधान है।", "2024-25", "2024/2025", 1 },
  { "आने वाले साल में चुनाव होंगे।", "आने वाले साल", "2025", 1 },
  { "फिल्म 'शोले' (1975) आज भी लोकप्रिय है।", "1975", "1975", 1 },
  { "सम्मेलन 1-3 जुलाई 2024 को होगा।", "1-3 जुलाई 2024", "2024-07-01/2024-07-03", 1 },
  { "जून, जुलाई और अगस्त 2023 में बारिश कम हुई।", "जुलाई", "2023-07", 3 },
  { "पिछले साल चुनाव 5 नवंबर को हुए थे।", "5 नवंबर", "2023-11-05", 2 },
  { "जनवरी और मार्च के बीच बिक्री घटी।", "मार्च", "2024-03", 2 },
  { "The rules changed in 2019, officials said.", "2019", "2019", 1 },
  { "It spread in 2000 cases.", NULL, NULL, 0 },
  { "2000 के नोट बंद कर दिए गए।", NULL, NULL, 0 },
  { "1857 की क्रांति को पहला स्वतंत्रता संग्राम कहा जाता है।", "1857", "1857", 1 },
  { "इसे 1850 से ज्यादा लोगों ने देखा।", NULL, NULL, 0 },
  { "टिकट 1500 रुपये का है।", NULL, NULL, 0 },
};

static void
test_news_sentences (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (news); i++)
    {
      g_autoptr(GPtrArray) d = khoji_extract_dates (news[i].sentence, "2024-06-12");

      expect_count (news[i].sentence, d, news[i].n);
      if (news[i].span != NULL)
        expect_date (news[i].sentence, d, news[i].span, news[i].value);
    }
}

static void
test_today_not_a_date (void)
{
  const char *text = "चार राज्यों में आज मतगणना जारी है। कल फैसला आएगा।";
  g_autoptr(GPtrArray) d = khoji_extract_dates (text, "2023-12-03");

  expect_count (text, d, 0);
}

/* The tagger reads every spelling of the calendar table but those only
 * a dateline carries (मे is में misspelt in running text). */
static void
test_calendar_words (void)
{
  gsize n;
  const KhojiCalendarWord *words = khoji_calendar_words (&n);

  for (gsize i = 0; i < n; i++)
    {
      gboolean dateline_only = (words[i].flags & KHOJI_CALENDAR_DATELINE_ONLY) != 0;
      g_autofree char *text = NULL;
      g_autofree char *span = NULL;
      g_autofree char *value = NULL;
      g_autoptr(GPtrArray) dates = NULL;

      if (words[i].kind == KHOJI_CALENDAR_MONTH)
        {
          span = g_strdup_printf ("4 %s 2024", words[i].word);
          value = g_strdup_printf ("2024-%02d-04", words[i].value);
        }
      else
        {
          /* 2 June 2025 was a Monday: the weekday picks the year */
          static const int june_2025[] = { 1, 2, 3, 4, 5, 6, 7 };
          span = g_strdup_printf ("%s, %d जून", words[i].word, june_2025[words[i].value]);
          value = g_strdup_printf ("2025-06-%02d", june_2025[words[i].value]);
        }
      text = g_strdup_printf ("बैठक %s को हुई।", span);
      dates = khoji_extract_dates (text, "2026-01-10");
      g_test_message ("%s", text);
      if (dateline_only)
        {
          /* "2024 को" may still be a year, and "3 जून" a day: not the name */
          for (guint k = 0; k < dates->len; k++)
            {
              KhojiDateMention *m = g_ptr_array_index (dates, k);
              gsize name = strstr (text, words[i].word) - text;
              gboolean holds_name = m->start < name + strlen (words[i].word) && m->end > name;

              g_assert_false (holds_name);
            }
        }
      else
        expect_date (text, dates, span, value);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/khoji/dates/calendar-words", test_calendar_words);

  g_test_add_func ("/khoji/dates/weekday-fixes-year", test_weekday_fixes_year);
  g_test_add_func ("/khoji/dates/weekday-future-tense", test_weekday_future_tense);
  g_test_add_func ("/khoji/dates/month-expected-future", test_month_expected_future);
  g_test_add_func ("/khoji/dates/weekday-past", test_weekday_past);
  g_test_add_func ("/khoji/dates/last-october", test_last_october);
  g_test_add_func ("/khoji/dates/last-year-june", test_last_year_june);
  g_test_add_func ("/khoji/dates/this-june", test_this_june);
  g_test_add_func ("/khoji/dates/current-year", test_current_year);
  g_test_add_func ("/khoji/dates/devanagari-digits", test_devanagari_digits);
  g_test_add_func ("/khoji/dates/month-year", test_month_year);
  g_test_add_func ("/khoji/dates/range-between", test_range_between);
  g_test_add_func ("/khoji/dates/month-span", test_month_span);
  g_test_add_func ("/khoji/dates/not-counts", test_not_counts);
  g_test_add_func ("/khoji/dates/not-durations", test_not_durations);
  g_test_add_func ("/khoji/dates/not-clock-time", test_not_clock_time);
  g_test_add_func ("/khoji/dates/not-ordinals", test_ordinals);
  g_test_add_func ("/khoji/dates/no-anchor-null-value", test_no_anchor_null_value);
  g_test_add_func ("/khoji/dates/dateline", test_dateline);
  g_test_add_func ("/khoji/dates/number-words", test_number_words);
  g_test_add_func ("/khoji/dates/bare-year", test_bare_year);
  g_test_add_func ("/khoji/dates/bare-month", test_bare_month);
  g_test_add_func ("/khoji/dates/day-month-anchor-year", test_day_month_anchor_year);
  g_test_add_func ("/khoji/dates/spelling-variants", test_spelling_variants);
  g_test_add_func ("/khoji/dates/fiscal-year", test_fiscal_year);
  g_test_add_func ("/khoji/dates/sentence-span", test_sentence_span);
  g_test_add_func ("/khoji/dates/today-not-a-date", test_today_not_a_date);
  g_test_add_func ("/khoji/dates/year-from-sentence", test_year_from_sentence);
  g_test_add_func ("/khoji/dates/latin-datelines", test_latin_datelines);
  g_test_add_func ("/khoji/dates/forecast", test_forecast);
  g_test_add_func ("/khoji/dates/news-sentences", test_news_sentences);
  g_test_add_func ("/khoji/dates/given-sentences", test_given_sentences);

  return g_test_run ();
}
