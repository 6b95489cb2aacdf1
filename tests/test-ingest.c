/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-test-ingest"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "khoji-calendar-words.h"
#include "khoji-ingest.h"

/* The sample article of tests/data/ingest/utf8.txt, in every encoding. */
#define SAMPLE_TITLE "भारत और नेपाल के बीच नई रेल सेवा शुरू"
#define SAMPLE_SENTENCE "अधिकारियों ने कहा कि अगले साल तक तीन और मार्ग खोले जाएंगे।"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "ingest", name, NULL);
}

static KhojiDocument *
ingest_data_file (const char  *name,
                  GError     **error)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return khoji_ingest_file (file, NULL, error);
}

static KhojiDocument *
ingest_string (const char *text,
               const char *name_hint)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  KhojiDocument *doc = khoji_ingest_bytes (bytes, name_hint, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("expected to find «%s» in:\n%s", needle, haystack);
}

static void
assert_lacks (const char *haystack,
              const char *needle)
{
  if (strstr (haystack, needle) != NULL)
    g_error ("did not expect «%s» in:\n%s", needle, haystack);
}

static void
assert_sample (KhojiDocument *doc)
{
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, SAMPLE_TITLE);
  g_assert_cmpstr (doc->published, ==, "2024-03-12");
  g_assert_null (doc->source);
  g_assert_true (g_str_has_prefix (doc->text, SAMPLE_TITLE "\n12 मार्च 2024\n\n"));
  g_assert_true (g_str_has_suffix (doc->text, SAMPLE_SENTENCE));
  g_assert_true (g_utf8_validate (doc->text, -1, NULL));
  /* No byte order mark survives, and nothing that is not the article. */
  assert_lacks (doc->text, "\xef\xbb\xbf");
  assert_lacks (doc->text, "\r");
}

static void
test_encoding (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_data_file (data, &error);

  g_assert_no_error (error);
  assert_sample (doc);
}

static void
test_crlf_and_invisibles (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_data_file ("crlf.txt", &error);

  g_assert_no_error (error);
  assert_sample (doc);
  /* U+200B and U+FEFF inside the text are dropped. */
  assert_lacks (doc->text, "\xe2\x80\x8b");
  assert_lacks (doc->text, "\xef\xbb\xbf");
}

static void
test_utf16_devanagari_only (void)
{
  /* Devanagari alone in UTF-16LE has no NUL byte at all: every byte is an
   * ASCII letter or control. It is still recognised. */
  const char *text = "भारत।नेपाल।श्रीलंका।बांग्लादेश।म्यांमार।भूटान।";
  glong n = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  g_autofree guint8 *raw = g_new (guint8, n * 2);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  for (glong i = 0; i < n; i++)
    {
      raw[2 * i] = units[i] & 0xFF;
      raw[2 * i + 1] = units[i] >> 8;
    }
  g_assert_null (memchr (raw, 0, n * 2));
  bytes = g_bytes_new (raw, n * 2);
  doc = khoji_ingest_bytes (bytes, "a.txt", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->text, ==, text);
}

static void
test_html_declared_charset (void)
{
  /* Not UTF-8, but the page says which encoding it is in. */
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_data_file ("latin1.html", &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, "Caf\xc3\xa9 news");
  g_assert_cmpstr (doc->text, ==, "Caf\xc3\xa9 news\n\nLe caf\xc3\xa9 est ouvert depuis lundi.");
}

static void
test_normalize (void)
{
  /* Decomposed input is stored NFC; joiners, which change how Devanagari
   * is drawn, stay; trailing blanks and stray controls go; blank runs
   * collapse to one. */
  const char *input =
    "Cafe\xcc\x81 \xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7 title  \t\n"
    "\n\n\n\n"
    "second\x01 line\x7f.   \n\n";
  g_autoptr(KhojiDocument) doc = ingest_string (input, "x.txt");

  g_assert_cmpstr (doc->text, ==,
                   "Caf\xc3\xa9 \xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7 title\n\nsecond line.");
  g_assert_cmpstr (doc->title, ==, "Caf\xc3\xa9 \xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7 title");
}

typedef struct {
  const char *file;
  int         code;
  const char *message_part;
} BadInput;

static const BadInput bad_inputs[] = {
  { "empty.txt", KHOJI_INGEST_ERROR_EMPTY, "empty" },
  { "whitespace.txt", KHOJI_INGEST_ERROR_EMPTY, "blank" },
  { "nul.txt", KHOJI_INGEST_ERROR_BINARY, "NUL" },
  { "random.bin", KHOJI_INGEST_ERROR_BINARY, "binary" },
  { "controls.txt", KHOJI_INGEST_ERROR_BINARY, "control" },
  /* A broken PDF: its header and nothing else. */
  { "pdf-document.pdf", KHOJI_INGEST_ERROR_PDF, "PDF cannot be read" },
  { "invalid-utf8.txt", KHOJI_INGEST_ERROR_ENCODING, "offset 120" },
};

static void
test_bad_input (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_data_file (bad->file, &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, bad->code);
  assert_contains (error->message, bad->message_part);
}

static void
test_bad_utf16 (void)
{
  /* A lone high surrogate after a BOM. */
  static const guint8 lone[] = { 0xFF, 0xFE, 'a', 0, 'b', 0, 0x00, 0xD8, 'c', 0 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (lone, sizeof lone);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_bytes (bytes, "a.txt", &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING);
}

static void
test_odd_utf16 (void)
{
  /* A UTF-16 file cut in the middle of a code unit. */
  static const guint8 odd[] = { 0xFE, 0xFF, 0, 'a', 0, 'b', 0 };
  g_autoptr(GBytes) bytes = g_bytes_new_static (odd, sizeof odd);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_bytes (bytes, "a.txt", &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING);
}

static void
test_cancelled (void)
{
  g_autofree char *path = data_path ("utf8.txt");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  g_cancellable_cancel (cancellable);
  doc = khoji_ingest_file (file, cancellable, &error);
  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO);
}

static void
test_bytes_too_large (void)
{
  gsize len = KHOJI_INGEST_MAX_BYTES + 1;
  char *big = g_malloc (len);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  memset (big, 'a', len);
  bytes = g_bytes_new_take (big, len);
  doc = khoji_ingest_bytes (bytes, "big.txt", &error);
  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_TOO_LARGE);
  assert_contains (error->message, "16 MB");
}

static GFile *
make_sparse_file (const char *dir,
                  const char *name,
                  goffset     size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GFile *file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (out), size, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);
  return file;
}

static void
test_file_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("khoji-ingest-XXXXXX", NULL);
  g_autoptr(GFile) huge = NULL;
  g_autoptr(GFile) just_over = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;
  gint64 before, elapsed;

  g_assert_nonnull (dir);

  /* A sparse 1 GiB file: rejected from its size alone, at once. */
  huge = make_sparse_file (dir, "huge.txt", (goffset) 1024 * 1024 * 1024);
  before = g_get_monotonic_time ();
  doc = khoji_ingest_file (huge, NULL, &error);
  elapsed = g_get_monotonic_time () - before;
  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_TOO_LARGE);
  assert_contains (error->message, "16 MB");
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC / 4);
  g_clear_error (&error);

  just_over = make_sparse_file (dir, "over.txt", (goffset) KHOJI_INGEST_MAX_BYTES + 1);
  before = g_get_monotonic_time ();
  doc = khoji_ingest_file (just_over, NULL, &error);
  elapsed = g_get_monotonic_time () - before;
  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_TOO_LARGE);
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC / 4);

  g_file_delete (huge, NULL, NULL);
  g_file_delete (just_over, NULL, NULL);
  g_rmdir (dir);
}

static void
test_file_at_limit (void)
{
  /* Exactly the limit is allowed through the size check; these zeros are
   * then rejected as binary, not as too large. */
  g_autofree char *dir = g_dir_make_tmp ("khoji-ingest-XXXXXX", NULL);
  g_autoptr(GFile) file = make_sparse_file (dir, "limit.txt", KHOJI_INGEST_MAX_BYTES);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_file (file, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_BINARY);
  g_file_delete (file, NULL, NULL);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/khoji/article.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_file (file, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO);
  assert_contains (error->message, "article.txt");
}

static void
test_folder (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "ingest", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_file (file, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO);
  assert_contains (error->message, "folder");
}

static void
test_special_file (void)
{
  /* A device that never ends is refused before anything is read. */
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/zero");
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/zero here");
      return;
    }
  doc = khoji_ingest_file (file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_IO);
}

static void
test_invisible_only (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\xe2\x80\x8b\xe2\x80\x8d\n\xe2\x80\x8c \xef\xbb\xbf", 14);
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_bytes (bytes, "zw.txt", &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY);
}

static void
test_html_entity_bomb (void)
{
  /* Entities declared in the page are never expanded, and nothing the
   * page points at is loaded. */
  const char *page =
    "<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"
    "<html><body><p>Real text &f; end.</p><img src=\"http://example.invalid/x.png\">"
    "<object data=\"file:///etc/passwd\"></object><iframe src=\"file:///etc/passwd\"></iframe>"
    "<link rel=\"import\" href=\"file:///etc/hostname\"></body></html>";
  g_autoptr(KhojiDocument) doc = ingest_string (page, "bomb.html");

  assert_contains (doc->text, "Real text");
  assert_lacks (doc->text, "aaaaaaaaaaaaaaaaaaaa");
  assert_lacks (doc->text, "root:");
  g_assert_cmpuint (strlen (doc->text), <, 4096);
}

static void
test_markdown_title (void)
{
  g_autoptr(KhojiDocument) doc = ingest_string ("# नई रेल सेवा शुरू\n\nपहला वाक्य।", "a.md");

  g_assert_cmpstr (doc->title, ==, "नई रेल सेवा शुरू");
  g_assert_cmpstr (doc->text, ==, "# नई रेल सेवा शुरू\n\nपहला वाक्य।");
}

static void
test_html_article (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_data_file ("article.html", &error);
  static const char *const not_article[] = {
    "SCRIPT-MARKER", "document.write", "fetch(", "font-family", "secret-style-marker",
    "http", "example.invalid", "Advertisement", "विज्ञापन", "देश", "विदेश",
    "Facebook", "WhatsApp", "ये भी पढ़ें", "दूसरी खबर", "Tags", "सबसे ज़्यादा",
    "टिप्पणी", "©", "<", ">",
  };

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, "गंगा पर नया पुल खुला, पटना से हाजीपुर का सफ़र आधा");
  g_assert_cmpstr (doc->source, ==, "समाचार दर्पण");
  g_assert_cmpstr (doc->published, ==, "2024-07-15");

  /* The headline opens the text, then the paragraphs, one blank line
   * apart, with inline markup flattened and <br> kept as a line break. */
  g_assert_true (g_str_has_prefix (doc->text, "गंगा पर नया पुल खुला, पटना से हाजीपुर का सफ़र आधा\n\n"));
  assert_contains (doc->text,
                   "\n\nपटना। बिहार में गंगा नदी पर बना नया पुल सोमवार को यातायात के लिए खोल दिया गया। "
                   "इससे पटना और हाजीपुर के बीच की दूरी आधे घंटे कम हो जाएगी।\n\n");
  assert_contains (doc->text, "पुल के निर्माण पर\nलगभग तीन हज़ार करोड़ रुपये खर्च हुए।");
  assert_contains (doc->text, "\n\nपुराने पुल पर दबाव घटेगा\n\n");
  g_assert_true (g_str_has_suffix (doc->text, "भारी वाहनों का दबाव अब कम होगा।"));
  /* The page declares windows-1252; the UTF-8 bytes are read as UTF-8
   * all the same, never turned into mojibake. */
  assert_lacks (doc->text, "Ã");

  for (gsize i = 0; i < G_N_ELEMENTS (not_article); i++)
    assert_lacks (doc->text, not_article[i]);
}

static void
test_html_news_page (void)
{
  /* A page laid out as news sites are, with no <article> element and
   * hardly any telling tags: the story block is found, the furniture
   * around and inside it goes, the byline outside it dates the page. */
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = ingest_data_file ("news-page.html", &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, "नदी में बाढ़ से सौ गांव डूबे");
  g_assert_cmpstr (doc->published, ==, "2025-06-04");
  g_assert_cmpstr (doc->text, ==,
                   "नदी में बाढ़ से सौ गांव डूबे\n\n"
                   "पटना: बिहार में गंडक नदी का जलस्तर बढ़ने से सौ से ज़्यादा गांव डूब गए हैं। "
                   "प्रशासन ने राहत शिविर खोले हैं।\n\n"
                   "मुख्यमंत्री ने सोमवार को हवाई सर्वेक्षण किया और अधिकारियों को राहत कार्य तेज़ "
                   "करने का निर्देश दिया।\n\n"
                   "मौसम विभाग ने अगले दो दिनों तक भारी बारिश की चेतावनी दी है।");
}

static void
test_html_sniffed (void)
{
  /* No .html name: the content says it is HTML. The date comes from a
   * dateline paragraph, the title from <h1>. */
  g_autofree char *path = data_path ("no-meta.htm");
  g_autofree char *contents = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  doc = ingest_string (contents, "dropped");
  g_assert_cmpstr (doc->title, ==, "Monsoon reaches Kerala early");
  g_assert_cmpstr (doc->published, ==, "2025-06-04");
  g_assert_null (doc->source);
  g_assert_cmpstr (doc->text, ==,
                   "Monsoon reaches Kerala early\n\n"
                   "Updated: June 4, 2025 3:58 PM IST\n\n"
                   "The monsoon reached the coast of Kerala on Thursday, a week before its usual date.\n\n"
                   "Farmers in the state welcomed the early rain.");
}

static void
test_html_plain_text_mentions_tags (void)
{
  /* Plain text that quotes markup in a sentence is not HTML. */
  g_autoptr(KhojiDocument) doc =
    ingest_string ("Web pages start with <html> and a <body>.\nSecond line.", "note.txt");

  g_assert_cmpstr (doc->text, ==, "Web pages start with <html> and a <body>.\nSecond line.");
}

static void
test_html_fragment (void)
{
  /* A fragment saved from a page, without <html>: still HTML. */
  g_autoptr(KhojiDocument) doc =
    ingest_string ("<p>पहला अनुच्छेद।</p><p>दूसरा <b>अनुच्छेद</b>।<script>x()</script></p>", "clip.txt");

  g_assert_cmpstr (doc->text, ==, "पहला अनुच्छेद।\n\nदूसरा अनुच्छेद।");
  g_assert_cmpstr (doc->title, ==, "पहला अनुच्छेद।");
}

static void
test_html_wrapper_class (void)
{
  /* A wrapper whose class happens to name page furniture still holds the
   * article; a real share box next to it goes. */
  g_autoptr(KhojiDocument) doc = ingest_string (
    "<html><body><div class=\"content has-sidebar with-comments\">"
    "<p>The city council approved the new budget on Monday after a long debate about "
    "public transport, schools and the repair of old bridges across the river.</p>"
    "<div class=\"social-share\"><p>Share on Facebook</p></div>"
    "<p>The mayor said that work on the first bridge would begin before the monsoon, "
    "and that the council would publish a report on the progress every three months.</p>"
    "<p>Opposition members voted against the budget, saying it ignored the poorer "
    "districts in the east of the city and did too little for public health.</p>"
    "</div></body></html>", "page.html");

  assert_contains (doc->text, "The city council approved");
  assert_contains (doc->text, "Opposition members voted");
  assert_lacks (doc->text, "Share on");
}

static void
test_html_densest_block (void)
{
  /* No <article> and no telling classes: the block that holds the
   * paragraphs is the article, the list of other headlines beside it is
   * not. The dateline outside the block still dates the page. */
  g_autoptr(KhojiDocument) doc = ingest_string (
    "<html><body><div><div>"
    "<h1>Bridge opens in Patna</h1><div>June 4, 2025</div>"
    "<div class=\"x1\"><p>The new bridge over the Ganga opened to traffic on Monday, cutting the "
    "journey between Patna and Hajipur by half an hour.</p>"
    "<p>The state government said the bridge cost about three thousand crore rupees.</p>"
    "<p>Officials said heavy vehicles would now use the new bridge.</p></div></div>"
    "<div class=\"x2\"><p>Most read</p><div>Film star weds in Goa</div>"
    "<div>Cricket team wins the final</div></div>"
    "</div></body></html>", "page.html");

  g_assert_cmpstr (doc->title, ==, "Bridge opens in Patna");
  g_assert_cmpstr (doc->published, ==, "2025-06-04");
  assert_contains (doc->text, "The new bridge over the Ganga");
  assert_contains (doc->text, "heavy vehicles would now use the new bridge.");
  assert_lacks (doc->text, "Film star");
  assert_lacks (doc->text, "Cricket team");
}

static void
test_html_title_site_suffix (void)
{
  g_autoptr(KhojiDocument) doc = ingest_string (
    "<html><head><meta property=\"og:site_name\" content=\"Daily Example\">"
    "<meta property=\"og:title\" content=\"Rain floods the old city | Daily Example\">"
    "</head><body><p>Heavy rain flooded the old city on Sunday.</p></body></html>", "p.html");

  g_assert_cmpstr (doc->title, ==, "Rain floods the old city");
  g_assert_cmpstr (doc->source, ==, "Daily Example");
}

/* A day number past 255 once passed as its low eight bits (GDateDay):
 * "2024-07-9993" came out as the publication date (found by fuzzing). */
static void
test_html_meta_day_out_of_range (void)
{
  g_autoptr(KhojiDocument) bad = ingest_string (
    "<html><head><meta property=\"article:published_time\" content=\"2024-07-9993\">"
    "</head><body><p>Heavy rain flooded the old city on Sunday.</p></body></html>", "d.html");
  g_autoptr(KhojiDocument) good = ingest_string (
    "<html><head><meta property=\"article:published_time\" content=\"2024-07-09T09:30:00+05:30\">"
    "</head><body><p>Heavy rain flooded the old city on Sunday.</p></body></html>", "e.html");

  g_assert_null (bad->published);
  g_assert_cmpstr (good->published, ==, "2024-07-09");
}

static void
test_html_huge_title (void)
{
  GString *page = g_string_new ("<html><head><title>");
  g_autoptr(KhojiDocument) doc = NULL;

  for (int i = 0; i < 20000; i++)
    g_string_append (page, "शब्द ");
  g_string_append (page, "</title></head><body><p>Body text of the page.</p></body></html>");
  doc = ingest_string (page->str, "t.html");
  g_assert_cmpint (g_utf8_strlen (doc->title, -1), <=, 101);
  g_assert_true (g_str_has_suffix (doc->title, "…"));
  assert_contains (doc->text, "Body text of the page.");
  g_string_free (page, TRUE);
}

static void
test_html_blocks (void)
{
  /* Lists, tables and preformatted text keep their shape as lines;
   * inline markup and source line breaks do not split a paragraph. */
  g_autoptr(KhojiDocument) doc = ingest_string (
    "<html><body><p>Results were\n   announced <em>on</em> <a href=\"#\">Monday</a>.</p>"
    "<ul><li>First point</li><li>Second point</li></ul>"
    "<table><tr><td>Party</td><td>Seats</td></tr><tr><td>A</td><td>120</td></tr></table>"
    "<p>X</p>"
    "<pre>line one\nline two</pre>"
    "<blockquote>A quoted remark.</blockquote></body></html>", "blocks.html");

  g_assert_cmpstr (doc->text, ==,
                   "Results were announced on Monday.\n\n"
                   "First point\n\nSecond point\n\n"
                   "Party Seats\nA 120\n\nX\n\n"
                   "line one\nline two\n\n"
                   "A quoted remark.");
}

static void
test_html_deep_nesting (void)
{
  const int depth = 100000;
  GString *html = g_string_new ("<!DOCTYPE html><html><head><title>Deep</title></head><body>"
                                "<p>Opening paragraph of the page.</p>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  for (int i = 0; i < depth; i++)
    g_string_append (html, i % 2 ? "<div>" : "<span>");
  g_string_append (html, "<p>Text at the bottom.</p>");
  for (int i = depth - 1; i >= 0; i--)
    g_string_append (html, i % 2 ? "</div>" : "</span>");
  g_string_append (html, "</body></html>");

  bytes = g_string_free_to_bytes (html);
  doc = khoji_ingest_bytes (bytes, "deep.html", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, "Deep");
  assert_contains (doc->text, "Opening paragraph of the page.");
  assert_contains (doc->text, "Text at the bottom.");
}

static void
test_html_unclosed_nesting (void)
{
  /* Open tags that never close, the whole way down. */
  GString *html = g_string_new ("<html><body><p>Start of the page text.</p>");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append (html, "<header><article>");
  bytes = g_string_free_to_bytes (html);
  doc = khoji_ingest_bytes (bytes, "open.html", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  assert_contains (doc->text, "Start of the page text.");
}

static void
test_html_no_text (void)
{
  static const char page[] =
    "<html><head><script>alert(1)</script></head><body><nav>Home</nav></body></html>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (page, strlen (page));
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_bytes (bytes, "page.html", &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY);
}

typedef struct {
  const char *name;
  const char *text;
  const char *published;   /* NULL: no dateline */
} DatelineCase;

static const DatelineCase datelines[] = {
  { "dd-mon-yyyy-time", "शीर्षक की पंक्ति\n04-Jun-2025 3:58:20 pm\nपहला वाक्य यहाँ है।", "2025-06-04" },
  { "hindi-month", "शीर्षक की पंक्ति\n28 सितंबर 2015\nपहला वाक्य यहाँ है।", "2015-09-28" },
  { "hindi-month-variant-comma", "शीर्षक की पंक्ति\n28 सितम्बर, 2015\nपहला वाक्य यहाँ है।", "2015-09-28" },
  { "devanagari-digits", "शीर्षक की पंक्ति\n२८ सितंबर २०१५\nपहला वाक्य यहाँ है।", "2015-09-28" },
  { "english-mdy", "Headline line\nJune 4, 2025\nFirst sentence here.", "2025-06-04" },
  { "iso", "Headline line\n2025-06-04\nFirst sentence here.", "2025-06-04" },
  { "updated-weekday", "Headline line\nUpdated: Wednesday, 04 June 2025, 15:58 IST\nFirst sentence here.", "2025-06-04" },
  { "prakashit", "शीर्षक\nप्रकाशित: 4 जून 2025, 10:15 AM\nपहला वाक्य।", "2025-06-04" },
  { "numeric-dmy", "शीर्षक\n12/03/2024\nपहला वाक्य।", "2024-03-12" },
  { "place-in-parentheses", "नई दिल्ली (28 सितंबर2015)- इसरो ने आज एक उपग्रह छोड़ा।\nदूसरी पंक्ति।", "2015-09-28" },
  { "byline-updated", "Headline\nEdited By: Ravi Kumar | Updated: Jun 04, 2025, 15:58 IST\nFirst sentence here.", "2025-06-04" },
  { "iso-timestamp", "Headline\n2025-06-04T15:58:20+05:30\nFirst sentence here.", "2025-06-04" },
  { "apdeted-baje", "शीर्षक\nअपडेटेड 4 जून 2025 को 10:15 बजे\nपहला वाक्य।", "2025-06-04" },
  { "metadata-bars", "Headline\nBy Ravi Kumar | Jun 04, 2025 | 03:58 PM\nFirst sentence here.", "2025-06-04" },
  { "place-bar", "शीर्षक\nपटना | 4 जून 2025\nपहला वाक्य।", "2025-06-04" },
  { "place-comma-dash", "नई दिल्ली, 4 जून 2025 – सरकार ने आज नई नीति की घोषणा की।\nदूसरी पंक्ति।", "2025-06-04" },
  { "place-agency", "वाशिंगटन, 4 जून 2025 (एपी) राष्ट्रपति ने आज भाषण दिया।\nदूसरी पंक्ति।", "2025-06-04" },
  { "place-colon", "शीर्षक\nनई दिल्ली: 4 जून 2025\nपहला वाक्य।", "2025-06-04" },
  { "place-danda", "शीर्षक\nनई दिल्ली, 14 मार्च 2023। प्रधानमंत्री ने आज परियोजनाओं का उद्घाटन किया।", "2023-03-14" },
  { "place-full-stop", "Headline\nNEW DELHI, March 14, 2023. The minister opened the projects today.", "2023-03-14" },
  { "place-time", "शीर्षक\nदौआला, 27-Apr-2024 12:33:00 am\nपहला वाक्य।", "2024-04-27" },
  { "rfc-2822", "Headline\nWed, 04 Jun 2025 15:58:20 +0530\nFirst sentence here.", "2025-06-04" },
  { "ordinal", "Headline\nJune 4th, 2025\nFirst sentence here.", "2025-06-04" },
  { "marathi", "मथळा\n४ ऑगस्ट २०२४\nपहिले वाक्य.", "2024-08-04" },
  /* A sentence that mentions a date is not a dateline. */
  { "not-sentence-hindi", "शीर्षक\nसरकार ने 4 जून 2025 को नई नीति की घोषणा की।\nदूसरी पंक्ति।", NULL },
  { "not-sentence-english", "Headline\nThe law took effect on June 4, 2025 across the country.", NULL },
  { "not-place-sentence", "शीर्षक\nपटना, 4 जून 2025 को सरकार ने नई नीति की घोषणा की।\nदूसरी पंक्ति।", NULL },
  { "not-after-comma", "शीर्षक\nइसके बाद, 4 जून 2025 को सरकार ने नियम बदले।\nदूसरी पंक्ति।", NULL },
  { "not-bar-sentence", "शीर्षक\nमैच | भारत ने 4 जून 2025 को जीत दर्ज की और ट्रॉफी उठाई\nदूसरी पंक्ति।", NULL },
  /* Not a real day. */
  { "not-real-day", "शीर्षक\n31 जून 2025\nपहला वाक्य।", NULL },
  /* A date without a year is not a dateline either. */
  { "not-without-year", "शीर्षक\n4 जून\nपहला वाक्य।", NULL },
};

static void
test_dateline (gconstpointer data)
{
  const DatelineCase *c = data;
  g_autoptr(KhojiDocument) doc = ingest_string (c->text, "a.txt");

  g_assert_cmpstr (doc->published, ==, c->published);
  /* The dateline stays in the text: the date tagger finds it there. */
  g_assert_cmpstr (doc->text, ==, c->text);
}

/* The dateline rules read every spelling of the calendar table, the ones
 * only a dateline carries included: "4 <month> 2024" on a line of its
 * own, and a byline with a weekday before the date. */
static void
test_dateline_calendar_words (void)
{
  gsize n;
  const KhojiCalendarWord *words = khoji_calendar_words (&n);

  g_assert_cmpuint (n, >, 0);
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(KhojiDocument) doc = NULL;

      if (words[i].kind == KHOJI_CALENDAR_MONTH)
        {
          text = g_strdup_printf ("शीर्षक की पंक्ति\n4 %s 2024\nपहला वाक्य यहाँ है।", words[i].word);
          expected = g_strdup_printf ("2024-%02d-04", words[i].value);
        }
      else
        {
          text = g_strdup_printf ("Headline line\nUpdated: %s, 04 June 2025, 15:58 IST\nFirst sentence.",
                                  words[i].word);
          expected = g_strdup ("2025-06-04");
        }
      doc = ingest_string (text, "a.txt");
      g_test_message ("%s", words[i].word);
      g_assert_cmpstr (doc->published, ==, expected);
    }
}

typedef struct {
  const char *name;
  const char *input;
  const char *expected;
} BoilerplateCase;

#define BEFORE "पहला असली वाक्य यहाँ है।"
#define AFTER "दूसरा असली वाक्य भी बचा रहना चाहिए।"

static const BoilerplateCase boilerplate[] = {
  { "ad-marker",
    BEFORE "\nविज्ञापन\n" AFTER "\nAdvertisement\n\nADVERTISEMENT\n- Advertisement -\nSponsored\n" AFTER,
    BEFORE "\n" AFTER "\n\n" AFTER },
  { "ad-sequences-and-crumbs",
    BEFORE "\nAdvertisement - Continue Reading Below\nविज्ञापन हटाएं सिर्फ ₹49 में\nSkip to main content\n"
    "A+ A-\nLoading...\nपूरी खबर पढ़ें\nScroll Down For Next Article\nDownload the NDTV App\n" AFTER,
    BEFORE "\n" AFTER },
  { "read-time",
    BEFORE "\nRead Time: 3 mins\n" AFTER "\n5 min read\nपढ़ने का समय: 2 मिनट\n" AFTER,
    BEFORE "\n" AFTER "\n" AFTER },
  { "featured-video",
    BEFORE "\n\nFeatured Video Of The Day\nPoonam Pandey Role: अभिनेत्री अब नहीं निभाएंगी भूमिका\n\n" AFTER,
    BEFORE "\n\n" AFTER },
  /* In plain text the promoted headline follows at once; after a blank
   * line comes the article again, subheading and all. */
  { "teaser-then-subheading",
    BEFORE "\nAlso Read\n\nनेताओं ने की हमले की निंदा\n" AFTER,
    BEFORE "\n\nनेताओं ने की हमले की निंदा\n" AFTER },
  { "watch-inline",
    BEFORE "\nWatch: बाढ़ में फँसे लोगों को निकाला गया\n" AFTER,
    BEFORE "\n" AFTER },
  { "promo-then-topics",
    BEFORE "\n" AFTER "\nFeatured Video Of The Day\nActor Role: अभिनेत्री अब नहीं निभाएंगी भूमिका\n"
    "Topics mentioned in this article\nRussia\nNorth Korea\nVladimir Putin\nKim Jong Un",
    BEFORE "\n" AFTER },
  { "topics",
    BEFORE "\n" AFTER "\nTopics mentioned in this article\nRussia\nNorth Korea",
    BEFORE "\n" AFTER },
  { "tags-inline",
    BEFORE "\nटैग्स: राजनीति, बिहार, चुनाव\n" AFTER,
    BEFORE "\n" AFTER },
  { "teaser-ye-bhi",
    BEFORE "\n\nये भी पढ़ें: राज्य में हालात बेकाबू, प्रदर्शनकारियों पर सख्ती का आदेश\n\n" AFTER,
    BEFORE "\n\n" AFTER },
  { "teaser-yah-bhi",
    BEFORE "\nयह भी पढ़ें: 18 महीने, छिपे ड्रोन और एक हमला.. कैसे हुआ?\n" AFTER,
    BEFORE "\n" AFTER },
  { "teaser-padhen",
    BEFORE "\nपढ़ें :- घटना पर नेता की कड़ी प्रतिक्रिया, कहा- 'सरकार मौन है'\n" AFTER,
    BEFORE "\n" AFTER },
  { "teaser-dash",
    BEFORE "\nये भी पढ़ें- राज्य में हालात बेकाबू\nयह भी पढ़ें – नई नीति का एलान\n" AFTER,
    BEFORE "\n" AFTER },
  { "outlet-promo",
    BEFORE "\nताज़ातरीन ख़बरों के लिए NDTV.in पर ख़बरें पढ़ें और अपडेट पाएं\n"
    "Track Latest News Live on example.com and get news updates from India\n"
    "(हिन्दी समाचार के ऐप के लिए आप यहां क्लिक कर सकते हैं. आप हमें फ़ेसबुक और ट्विटर पर फ़ॉलो भी कर सकते हैं.)\n"
    "खबरें और भी हैं...\n" AFTER,
    BEFORE "\n" AFTER },
  { "other-languages",
    BEFORE "\nजाहिरात\nবিজ্ঞাপন\nहेही वाचा: शहरात पाणीटंचाई\nআরও পড়ুন: নতুন সেতুর উদ্বোধন\n" AFTER,
    BEFORE "\n" AFTER },
  { "teaser-also-read",
    BEFORE "\nAlso Read | Markets close higher for third day\n" AFTER,
    BEFORE "\n" AFTER },
  { "teaser-list",
    BEFORE "\nइसे भी पढ़ें\nपहली दूसरी खबर का शीर्षक\nदूसरी खबर का शीर्षक\n\n" AFTER,
    BEFORE "\n\n" AFTER },
  { "image-credit",
    BEFORE "\n\nइमेज स्रोत, Getty\n" AFTER "\nफोटो: सोशल मीडिया\nImage source: Reuters\nPhoto credit: PTI\n" AFTER,
    BEFORE "\n\n" AFTER "\n" AFTER },
  { "share-follow",
    BEFORE "\nShare this article\nFacebook Twitter WhatsApp Email\nFollow us on Google News\nShare\nFacebook\nWhatsApp\n"
    "हमें फेसबुक पर फॉलो करें\nताज़ा खबरों के लिए हमारे WhatsApp चैनल से जुड़ें\n(फाइल फोटो)\n" AFTER,
    BEFORE "\n" AFTER },
  { "notices",
    BEFORE "\n(इनपुट: भाषा)\nDisclaimer: This story is auto-generated from a syndicated feed.\n"
    "(यह खबर सीधे सिंडिकेट फीड से पब्लिश की गई है.)\n" AFTER,
    BEFORE "\n" AFTER },
  { "embeds",
    BEFORE "\nhttps://t.co/abc123\npic.twitter.com/xyz\n— ANI (@ANI) June 4, 2025\n" AFTER,
    BEFORE "\n" AFTER },
  { "bylines",
    BEFORE "\nलेखक, अमित कुमार\nपदनाम, बीबीसी संवाददाता\nBy Ravi Kumar\nEdited by: Priya Sharma\n"
    "By: संवाददाता | Updated: Tue, 05 Nov 2024 10:12 AM (IST)\n" AFTER,
    BEFORE "\nBy: संवाददाता | Updated: Tue, 05 Nov 2024 10:12 AM (IST)\n" AFTER },
  /* Sentences that contain the marker words are real sentences. */
  { "sentences-kept",
    "सरकार ने शराब के विज्ञापन पर रोक लगा दी है।\n"
    "The report says advertisement spending rose by ten percent last year.\n"
    "उन्होंने कहा कि लोग यह भी पढ़ें कि नियम क्या कहते हैं, फिर फैसला करें।\n"
    "मंत्री ने वीडियो देखने के बाद जांच के आदेश दिए।\n"
    "फोटो खींचने पर पाबंदी के बाद पत्रकारों ने विरोध किया और धरना दिया।\n"
    "उन्होंने लोगों से अपील की कि वे अफवाहें शेयर न करें और पुलिस की मदद करें।\n"
    "एजेंसी की रिपोर्ट में बड़ा खुलासा\n"
    "(भाषा के अनुसार, सरकार ने यह फैसला मंगलवार को लिया और नियम बदले।)\n"
    "कंपनी ने कहा कि ग्राहक amazon.in पर फोन खरीद सकेंगे।\n"
    "किम जोंग-उन ने मिसाइल परीक्षण देखा।\n"
    "5-6 मिनट तक धमाके होते रहे।\n"
    "Photos, videos and eyewitness accounts show the damage\n"
    "इनपुट लागत बढ़ने से कंपनियों का मुनाफा घटा\n"
    "आवेदन करने के लिए उम्मीदवार ssc.nic.in पर जाकर फॉर्म भरें और फीस जमा करें।\n"
    "By then the rain had stopped\n"
    "संवाददाता सम्मेलन में मंत्री ने कहा कि काम जारी रहेगा।",
    "सरकार ने शराब के विज्ञापन पर रोक लगा दी है।\n"
    "The report says advertisement spending rose by ten percent last year.\n"
    "उन्होंने कहा कि लोग यह भी पढ़ें कि नियम क्या कहते हैं, फिर फैसला करें।\n"
    "मंत्री ने वीडियो देखने के बाद जांच के आदेश दिए।\n"
    "फोटो खींचने पर पाबंदी के बाद पत्रकारों ने विरोध किया और धरना दिया।\n"
    "उन्होंने लोगों से अपील की कि वे अफवाहें शेयर न करें और पुलिस की मदद करें।\n"
    "एजेंसी की रिपोर्ट में बड़ा खुलासा\n"
    "(भाषा के अनुसार, सरकार ने यह फैसला मंगलवार को लिया और नियम बदले।)\n"
    "कंपनी ने कहा कि ग्राहक amazon.in पर फोन खरीद सकेंगे।\n"
    "किम जोंग-उन ने मिसाइल परीक्षण देखा।\n"
    "5-6 मिनट तक धमाके होते रहे।\n"
    "Photos, videos and eyewitness accounts show the damage\n"
    "इनपुट लागत बढ़ने से कंपनियों का मुनाफा घटा\n"
    "आवेदन करने के लिए उम्मीदवार ssc.nic.in पर जाकर फॉर्म भरें और फीस जमा करें।\n"
    "By then the rain had stopped\n"
    "संवाददाता सम्मेलन में मंत्री ने कहा कि काम जारी रहेगा।" },
  /* A promo marker swallows its video's title, not the article after. */
  { "promo-then-article",
    "वीडियो\nनदी में बाढ़ का हाल\n\nबाढ़ के कारण सौ से ज़्यादा गाँव प्रभावित हुए हैं।\n" AFTER,
    "बाढ़ के कारण सौ से ज़्यादा गाँव प्रभावित हुए हैं।\n" AFTER },
};

static void
test_boilerplate (gconstpointer data)
{
  const BoilerplateCase *c = data;
  g_autoptr(KhojiDocument) doc = ingest_string (c->input, "a.txt");

  g_assert_cmpstr (doc->text, ==, c->expected);
}

static void
test_boilerplate_only (void)
{
  static const char only_ads[] = "Advertisement\n\nविज्ञापन\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (only_ads, strlen (only_ads));
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_bytes (bytes, "ads.txt", &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY);
}

static void
test_title_long_paragraph (void)
{
  /* A file that opens with a paragraph: its first sentence is the title,
   * without the place dateline that opens it. */
  GString *text = g_string_new ("पटना। ");
  g_autoptr(KhojiDocument) doc = NULL;

  g_string_append (text, "राज्य सरकार ने मंगलवार को नई शिक्षा नीति की घोषणा की।");
  for (int i = 0; i < 10; i++)
    g_string_append (text, " इसके तहत सभी स्कूलों में नए नियम लागू होंगे।");
  doc = ingest_string (text->str, "a.txt");
  g_assert_cmpstr (doc->title, ==, "राज्य सरकार ने मंगलवार को नई शिक्षा नीति की घोषणा की।");
  g_string_free (text, TRUE);
}

static void
test_title_after_dateline (void)
{
  g_autoptr(KhojiDocument) doc =
    ingest_string ("04-Jun-2025 3:58:20 pm\n998\nनदी पर नया पुल खुला\nपहला वाक्य।", "a.txt");

  g_assert_cmpstr (doc->title, ==, "नदी पर नया पुल खुला");
  g_assert_cmpstr (doc->published, ==, "2025-06-04");
  /* The view count goes; the dateline stays (its date is the article's). */
  g_assert_cmpstr (doc->text, ==, "04-Jun-2025 3:58:20 pm\nनदी पर नया पुल खुला\nपहला वाक्य।");
}

static void
test_text_drop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc =
    khoji_ingest_text ("\xef\xbb\xbf  \r\nगिरा हुआ शीर्षक\r\nविज्ञापन\r\nपहला वाक्य।   \r\n", &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==, "गिरा हुआ शीर्षक");
  g_assert_cmpstr (doc->text, ==, "गिरा हुआ शीर्षक\nपहला वाक्य।");
  g_assert_null (doc->published);
}

static void
test_text_drop_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = khoji_ingest_text ("abc\xff" "def", &error);

  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_ENCODING);
  g_clear_error (&error);

  doc = khoji_ingest_text ("   \n  ", &error);
  g_assert_null (doc);
  g_assert_error (error, KHOJI_INGEST_ERROR, KHOJI_INGEST_ERROR_EMPTY);
}

/* The seed article with real page boilerplate: the reference says which
 * lines are boilerplate; everything else that is prose must stay. */
static void
test_seed_001 (void)
{
  const char *root = g_getenv ("KHOJI_SOURCE_ROOT");
  g_autofree char *seeds = NULL;
  g_autofree char *seed_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KhojiDocument) doc = NULL;
  g_auto(GStrv) lines = NULL;
  static const char *const boilerplate_lines[] = {
    /* From ../shared/gold/seeds.json, article 001. */
    "विज्ञापन",
    "Read Time: 3 mins",
    "Advertisement",
    "Featured Video Of The Day",
    "Poonam Pandey Mandodari Role: पूनम पांडे अब नहीं निभाएंगी मंदोदरी की भूमिका",
    "Topics mentioned in this article",
    /* Not in the reference: a photo caption, which the reading text
     * leaves out since captions are not the article's prose. */
    "नॉर्थ कोरिया के लीडर किम जोंग और रूसी राष्ट्रपति व्लादिमीर पुतिन की फाइल फोटो",
  };
  GDir *dir;
  const char *entry;
  int kept = 0;

  if (root == NULL)
    {
      g_test_skip ("KHOJI_SOURCE_ROOT is not set");
      return;
    }
  seeds = g_build_filename (root, "..", "shared", "seeds", NULL);
  dir = g_dir_open (seeds, 0, NULL);
  if (dir == NULL)
    {
      g_test_skip ("the shared seed articles are not here");
      return;
    }
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (entry, "001_") && g_str_has_suffix (entry, ".txt"))
      seed_path = g_build_filename (seeds, entry, NULL);
  g_dir_close (dir);
  if (seed_path == NULL)
    {
      g_test_skip ("seed 001 is not here");
      return;
    }

  file = g_file_new_for_path (seed_path);
  doc = khoji_ingest_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (doc->title, ==,
                   "किम जोंग और पुतिन शांति के पुजारी? नॉर्थ कोरिया ने रूस के साथ सैन्य रिश्ते के पीछे बताई यह वजह");

  for (gsize i = 0; i < G_N_ELEMENTS (boilerplate_lines); i++)
    assert_lacks (doc->text, boilerplate_lines[i]);

  /* Every other line of the file is kept, unchanged, except the teaser. */
  g_assert_true (g_file_get_contents (seed_path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      gboolean is_boilerplate = FALSE;
      g_strchomp (*l);
      if (**l == '\0' || g_str_has_prefix (*l, "यह भी पढ़ें"))
        continue;
      for (gsize i = 0; i < G_N_ELEMENTS (boilerplate_lines); i++)
        is_boilerplate |= g_str_equal (*l, boilerplate_lines[i]);
      if (is_boilerplate)
        continue;
      assert_contains (doc->text, *l);
      kept++;
    }
  g_assert_cmpint (kept, >=, 10);
}

/* The front of an article: its headline repeated as the first line, a
 * dateline, a view count. Made-up articles of each shape. */
static void
test_front_matter (void)
{
  g_autoptr(KhojiDocument) doc = ingest_string (
    "बाढ़ से शहर में भारी नुकसान\n"
    "12-Mar-2024 10:15:02 am\n"
    "4,512\n"
    "पुणे। मंगलवार को आई बाढ़ से शहर के कई इलाकों में पानी भर गया।\n"
    "नगर निगम ने राहत शिविर खोले हैं।\n", "a.txt");
  g_autofree char *dateline = NULL;
  gsize body;

  g_assert_cmpstr (doc->title, ==, "बाढ़ से शहर में भारी नुकसान");
  g_assert_cmpstr (doc->published, ==, "2024-03-12");
  /* The view count is gone from the text; the dateline stays in it. */
  g_assert_null (strstr (doc->text, "4,512"));
  g_assert_nonnull (strstr (doc->text, "12-Mar-2024"));

  body = khoji_ingest_front_matter (doc->text, doc->title, &dateline);
  g_assert_true (g_str_has_prefix (doc->text + body, "पुणे। मंगलवार"));
  g_assert_cmpstr (dateline, ==, "12-Mar-2024 10:15:02 am");

  /* An article imported before the count was dropped: it is front too. */
  g_clear_pointer (&dateline, g_free);
  body = khoji_ingest_front_matter ("शीर्षक यहाँ है\n\n998\n\nपहला वाक्य यहाँ है।\n", "शीर्षक यहाँ है", &dateline);
  g_assert_cmpstr ("शीर्षक यहाँ है\n\n998\n\nपहला वाक्य यहाँ है।\n" + body, ==, "पहला वाक्य यहाँ है।\n");
  g_assert_null (dateline);

  /* A body paragraph is never front, nor is a year alone. */
  g_assert_cmpuint (khoji_ingest_front_matter ("पहला वाक्य यहाँ है।\nदूसरा वाक्य।\n", "अलग शीर्षक", NULL), ==, 0);
  g_assert_cmpuint (khoji_ingest_front_matter ("2015\nउस साल चुनाव हुए।\n", "2015", NULL), ==, strlen ("2015\n"));
  /* Nothing but a headline: it is the whole text, and stays shown. */
  g_assert_cmpuint (khoji_ingest_front_matter ("केवल शीर्षक\n", "केवल शीर्षक", NULL), ==, 0);

  {
    g_autoptr(KhojiDocument) year = ingest_string ("चुनाव का इतिहास\n2015\nउस साल चुनाव हुए और नई सरकार बनी।\n", "y.txt");
    g_assert_nonnull (strstr (year->text, "\n2015\n"));
  }
}

/* A caption under a picture says it shows a file photo: a label, not a
 * sentence. A sentence that mentions a file photo stays. */
static void
test_caption (void)
{
  g_autoptr(KhojiDocument) doc = ingest_string (
    "दो नेताओं की मुलाकात\n"
    "पहले देश के राष्ट्रपति और दूसरे देश के प्रधानमंत्री की फाइल फोटो\n"
    "दोनों नेताओं ने सोमवार को बातचीत की।\n"
    "Two leaders at the summit (file photo)\n"
    "अखबार ने पुरानी फाइल फोटो छापी।\n", "c.txt");

  g_assert_null (strstr (doc->text, "प्रधानमंत्री की फाइल फोटो"));
  g_assert_null (strstr (doc->text, "(file photo)"));
  g_assert_nonnull (strstr (doc->text, "अखबार ने पुरानी फाइल फोटो छापी।"));
  g_assert_nonnull (strstr (doc->text, "दोनों नेताओं ने सोमवार को बातचीत की।"));
}

/* A desk label in capitals before the first sentence goes; a headline's
 * Latin kicker and an English sentence stay. */
static void
test_desk_prefix (void)
{
  g_autoptr(KhojiDocument) doc = ingest_string (
    "Flood Alert: नदी का जलस्तर बढ़ा\n\n"
    "CITY NEWS DESK- नदी का जलस्तर खतरे के निशान से ऊपर पहुंच गया है।\n", "d.txt");
  g_autoptr(KhojiDocument) en = ingest_string (
    "NASA - the agency said on Monday that the launch was delayed by a day.\n", "e.txt");

  g_assert_cmpstr (doc->title, ==, "Flood Alert: नदी का जलस्तर बढ़ा");
  g_assert_null (strstr (doc->text, "DESK"));
  g_assert_nonnull (strstr (doc->text, "\nनदी का जलस्तर खतरे के निशान से ऊपर पहुंच गया है।"));
  g_assert_true (g_str_has_prefix (en->text, "NASA - the agency"));
}

/* A title taken from the first sentence leaves out the place dateline
 * that opens it, in each of its shapes. */
static void
test_title_place_dateline (void)
{
  static const struct { const char *text; const char *title; } cases[] = {
    { "जयपुर (3 मार्च 2021)- राज्य सरकार ने नई शिक्षा नीति की घोषणा कर दी है। इसके तहत सभी स्कूलों में बदलाव होंगे और शिक्षकों की भर्ती भी होगी, जिसकी तैयारी कई महीनों से चल रही थी और जिस पर सबकी नजर थी। विपक्ष ने इस पर सवाल उठाए।\n",
      "राज्य सरकार ने नई शिक्षा नीति की घोषणा कर दी है।" },
    { "लखनऊ :शहर में आज से नया यातायात नियम लागू हो गया है और पुलिस ने चालान काटना शुरू कर दिया है. लोगों को नियमों की जानकारी देने के लिए अभियान भी चलाया जा रहा है जो पूरे महीने चलेगा और जिसमें कई संस्थाएं हिस्सा लेंगी।\n",
      "शहर में आज से नया यातायात नियम लागू हो गया है और पुलिस ने चालान काटना शुरू कर दिया है." },
    { "भोपाल। मुख्यमंत्री ने आज नई योजना का शुभारंभ किया और कहा कि इससे किसानों को सीधा लाभ मिलेगा। योजना के तहत हर किसान के खाते में हर साल तय राशि जमा की जाएगी और इसके लिए अलग से बजट रखा गया है जिसकी घोषणा जल्द होगी।\n",
      "मुख्यमंत्री ने आज नई योजना का शुभारंभ किया और कहा कि इससे किसानों को सीधा लाभ मिलेगा।" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KhojiDocument) doc = ingest_string (cases[i].text, "t.txt");
      g_autofree char *line = g_strchomp (g_strdup (cases[i].text));

      g_assert_cmpstr (doc->title, ==, cases[i].title);
      /* The text keeps its place: it may be an entity. */
      g_assert_cmpstr (doc->text, ==, line);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char *const encodings[] = {
    "utf8.txt", "utf8-bom.txt", "utf16le-bom.txt", "utf16be-bom.txt",
    "utf16le-nobom.txt", "utf16be-nobom.txt",
  };

  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *name = g_strdup (encodings[i]);
      g_autofree char *path = NULL;
      *strrchr (name, '.') = '\0';
      path = g_strdup_printf ("/khoji/ingest/encoding/%s", name);
      g_test_add_data_func (path, encodings[i], test_encoding);
    }
  g_test_add_func ("/khoji/ingest/encoding/crlf-and-invisibles", test_crlf_and_invisibles);
  g_test_add_func ("/khoji/ingest/encoding/bad-utf16", test_bad_utf16);
  g_test_add_func ("/khoji/ingest/encoding/odd-utf16", test_odd_utf16);
  g_test_add_func ("/khoji/ingest/encoding/utf16-devanagari-only", test_utf16_devanagari_only);
  g_test_add_func ("/khoji/ingest/normalize", test_normalize);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *name = g_strdup (bad_inputs[i].file);
      g_autofree char *path = NULL;
      *strrchr (name, '.') = '\0';
      path = g_strdup_printf ("/khoji/ingest/reject/%s", name);
      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/khoji/ingest/reject/bytes-too-large", test_bytes_too_large);
  g_test_add_func ("/khoji/ingest/reject/file-too-large", test_file_too_large);
  g_test_add_func ("/khoji/ingest/reject/file-at-limit", test_file_at_limit);
  g_test_add_func ("/khoji/ingest/reject/missing-file", test_missing_file);
  g_test_add_func ("/khoji/ingest/reject/cancelled", test_cancelled);
  g_test_add_func ("/khoji/ingest/reject/folder", test_folder);
  g_test_add_func ("/khoji/ingest/reject/special-file", test_special_file);
  g_test_add_func ("/khoji/ingest/reject/invisible-only", test_invisible_only);
  g_test_add_func ("/khoji/ingest/reject/boilerplate-only", test_boilerplate_only);

  g_test_add_func ("/khoji/ingest/html/article", test_html_article);
  g_test_add_func ("/khoji/ingest/html/news-page", test_html_news_page);
  g_test_add_func ("/khoji/ingest/html/sniffed", test_html_sniffed);
  g_test_add_func ("/khoji/ingest/html/declared-charset", test_html_declared_charset);
  g_test_add_func ("/khoji/ingest/html/plain-text-mentions-tags", test_html_plain_text_mentions_tags);
  g_test_add_func ("/khoji/ingest/html/fragment", test_html_fragment);
  g_test_add_func ("/khoji/ingest/html/entity-bomb", test_html_entity_bomb);
  g_test_add_func ("/khoji/ingest/html/wrapper-class", test_html_wrapper_class);
  g_test_add_func ("/khoji/ingest/html/densest-block", test_html_densest_block);
  g_test_add_func ("/khoji/ingest/html/huge-title", test_html_huge_title);
  g_test_add_func ("/khoji/ingest/html/title-site-suffix", test_html_title_site_suffix);
  g_test_add_func ("/khoji/ingest/html/meta-day-out-of-range", test_html_meta_day_out_of_range);
  g_test_add_func ("/khoji/ingest/front-matter", test_front_matter);
  g_test_add_func ("/khoji/ingest/caption", test_caption);
  g_test_add_func ("/khoji/ingest/desk-prefix", test_desk_prefix);
  g_test_add_func ("/khoji/ingest/title-place-dateline", test_title_place_dateline);
  g_test_add_func ("/khoji/ingest/html/blocks", test_html_blocks);
  g_test_add_func ("/khoji/ingest/html/deep-nesting", test_html_deep_nesting);
  g_test_add_func ("/khoji/ingest/html/unclosed-nesting", test_html_unclosed_nesting);
  g_test_add_func ("/khoji/ingest/html/no-text", test_html_no_text);

  g_test_add_func ("/khoji/ingest/dateline-calendar-words", test_dateline_calendar_words);
  for (gsize i = 0; i < G_N_ELEMENTS (datelines); i++)
    {
      g_autofree char *path = g_strdup_printf ("/khoji/ingest/dateline/%s", datelines[i].name);
      g_test_add_data_func (path, &datelines[i], test_dateline);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (boilerplate); i++)
    {
      g_autofree char *path = g_strdup_printf ("/khoji/ingest/boilerplate/%s", boilerplate[i].name);
      g_test_add_data_func (path, &boilerplate[i], test_boilerplate);
    }

  g_test_add_func ("/khoji/ingest/title/long-paragraph", test_title_long_paragraph);
  g_test_add_func ("/khoji/ingest/title/markdown", test_markdown_title);
  g_test_add_func ("/khoji/ingest/title/after-dateline", test_title_after_dateline);
  g_test_add_func ("/khoji/ingest/text/drop", test_text_drop);
  g_test_add_func ("/khoji/ingest/text/drop-invalid", test_text_drop_invalid);
  g_test_add_func ("/khoji/ingest/seed-001", test_seed_001);

  return g_test_run ();
}
