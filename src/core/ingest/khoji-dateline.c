/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-ingest"

#include "config.h"

#include <string.h>

#include "khoji-ingest-private.h"

/* Step 5 of ingest (khoji-ingest.c): the publication date in a dateline
 * or in a page's metadata. */

/* Datelines sit at the top of an article. */
#define DATELINE_SCAN_LINES 10

/* ------------------------------------------------------------------ */
/* Dates and datelines                                                */
/* ------------------------------------------------------------------ */

/* The month a date rule's group names: the English name (group en) or
 * the Hindi or Marathi one (group hi), each an alternative the rule took
 * from the calendar table, folded. */
static int
month_from_name (const char *en,
                 const char *hi)
{
  GHashTable *names = _khoji_ingest_rules_get ()->month_names;
  const char *name = en != NULL && *en != '\0' ? en : hi;

  if (name == NULL || *name == '\0')
    return 0;
  return GPOINTER_TO_INT (g_hash_table_lookup (names, name));
}

static gboolean
valid_date (int y,
            int m,
            int d)
{
  /* GDateDay is eight bits: "2024-07-9993" would pass as the 9th. */
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
         g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

static int
group_int (GMatchInfo *mi,
           int         group)
{
  g_autofree char *s = g_match_info_fetch (mi, group);
  return s != NULL && *s != '\0' ? atoi (s) : 0;
}

static char *
group_str (GMatchInfo *mi,
           int         group)
{
  return g_match_info_fetch (mi, group);
}

/* Finds the first full date (day, month and year) in folded text. On
 * success, *start and *end are byte offsets of the match in `key`. */
static gboolean
find_date (const char *key,
           int        *out_y,
           int        *out_m,
           int        *out_d,
           int        *out_start,
           int        *out_end)
{
  Rules *r = _khoji_ingest_rules_get ();
  int best_start = G_MAXINT, best_end = 0, by = 0, bm = 0, bd = 0;

  for (int form = 0; form < 4; form++)
    {
      g_autoptr(GMatchInfo) mi = NULL;
      GRegex *re = form == 0 ? r->date_dmy : form == 1 ? r->date_mdy
                 : form == 2 ? r->date_iso : r->date_num;

      g_regex_match (re, key, 0, &mi);
      while (g_match_info_matches (mi))
        {
          int y = 0, m = 0, d = 0, s = 0, e = 0;

          g_match_info_fetch_pos (mi, 0, &s, &e);
          if (form == 0)
            {
              g_autofree char *en = group_str (mi, 2);
              g_autofree char *hi = group_str (mi, 3);
              d = group_int (mi, 1);
              m = month_from_name (en, hi);
              y = group_int (mi, 4);
            }
          else if (form == 1)
            {
              g_autofree char *en = group_str (mi, 1);
              g_autofree char *hi = group_str (mi, 2);
              m = month_from_name (en, hi);
              d = group_int (mi, 3);
              y = group_int (mi, 4);
            }
          else if (form == 2)
            {
              y = group_int (mi, 1);
              m = group_int (mi, 2);
              d = group_int (mi, 3);
            }
          else
            {
              /* South Asian and British order first; a month over 12
               * means the writer used the American one. */
              d = group_int (mi, 1);
              m = group_int (mi, 2);
              y = group_int (mi, 3);
              if (m > 12 && d <= 12)
                {
                  int t = d;
                  d = m;
                  m = t;
                }
            }

          if (valid_date (y, m, d) && s < best_start)
            {
              best_start = s;
              best_end = e;
              by = y;
              bm = m;
              bd = d;
              break;
            }
          g_match_info_next (mi, NULL);
        }
    }

  if (best_start == G_MAXINT)
    return FALSE;
  *out_y = by;
  *out_m = bm;
  *out_d = bd;
  if (out_start)
    *out_start = best_start;
  if (out_end)
    *out_end = best_end;
  return TRUE;
}

static char *
format_date (int y,
             int m,
             int d)
{
  return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
}

static gboolean
only_punctuation (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isspace (c) && !g_unichar_ispunct (c) &&
          g_unichar_type (c) != G_UNICODE_MATH_SYMBOL && c != '|')
        return FALSE;
    }
  return TRUE;
}

/* A dateline is a line that holds a date and nothing else but a time,
 * a weekday, a time zone or a word like "Updated". Also accepted: a short
 * place name, then the date in parentheses or after a comma, as the
 * opening of the first paragraph. Returns YYYY-MM-DD or NULL. */
/* Whether `line` may hold a year as every date form writes it,
 * (?:19|20)\d\d(?!\d) in the folding key: a run of digits (of any
 * script: GRegex's \d is Unicode's) whose last four begin 19 or 20.
 * What folding drops (nukta, ZWJ, ZWNJ, ZWSP, BOM) does not end a run. */
static gboolean
may_hold_year (const char *line)
{
  int last[4] = { -1, -1, -1, -1 };
  guint run = 0;

  for (const char *p = line;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      int v = c == 0 ? -1 : c < 0x80 ? (g_ascii_isdigit (c) ? (int) (c - '0') : -1) : g_unichar_digit_value (c);

      if (v >= 0)
        {
          memmove (last, last + 1, 3 * sizeof (int));
          last[3] = v;
          run++;
          continue;
        }
      if (c == 0x093C || c == 0x200B || c == 0x200C || c == 0x200D || c == 0xFEFF)
        continue;
      if (run >= 4 && ((last[0] == 1 && last[1] == 9) || (last[0] == 2 && last[1] == 0)))
        return TRUE;
      run = 0;
      if (c == 0)
        return FALSE;
    }
}

static char *
dateline_value (const char *line,
                gboolean    allow_place_prefix)
{
  Rules *r = _khoji_ingest_rules_get ();
  g_autofree char *key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *leftover = NULL;
  int y, m, d, s, e;

  /* The many lines without a year need no folding and no regex. */
  if (!may_hold_year (line))
    return NULL;
  key = khoji_text_fold (line, -1);
  if (!find_date (key, &y, &m, &d, &s, &e))
    return NULL;

  before = g_strndup (key, s);
  rest = g_strconcat (before, " ", key + e, NULL);
  leftover = g_regex_replace_literal (r->dateline_noise, rest, -1, 0, "", 0, NULL);
  if (leftover != NULL && only_punctuation (leftover))
    return format_date (y, m, d);

  if (_khoji_ingest_char_count (line) <= 150 && _khoji_ingest_rx_match (r->dateline_keyword, key))
    return format_date (y, m, d);

  /* A line of metadata fields, "By Ravi Kumar | Jun 04, 2025 | 03:58 PM":
   * one of its fields is a date and nothing else. */
  if (_khoji_ingest_char_count (line) <= 120 && strchr (line, '|') != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (line, "|", 8);
      /* At most 8 fields; the last keeps any further bars and is skipped. */
      for (char **f = fields; *f; f++)
        {
          g_autofree char *value = NULL;

          if (strchr (*f, '|') != NULL || *g_strstrip (*f) == '\0')
            continue;
          value = dateline_value (*f, FALSE);
          if (value != NULL)
            return g_steal_pointer (&value);
        }
    }

  /* "नई दिल्ली (28 सितंबर 2015)": the parenthesis closes right after the
   * date. "मुंबई, 4 जून 2025:", "वाशिंगटन, 4 जून 2025 (एपी) –" or "नई
   * दिल्ली, 14 मार्च 2023। प्रधानमंत्री ने": a colon, bar, dash, agency or
   * full stop follows. Anything else is a sentence that happens to open
   * with a date. */
  if (allow_place_prefix && _khoji_ingest_rx_match (r->dateline_prefix, before))
    {
      g_autofree char *dashless = NULL;
      g_autofree char *tail = NULL;
      const char *after;
      const char *open = strrchr (before, '(');
      GString *copy;

      /* "दौआला, 27-Apr-2024 12:33:00 am": after the place, the date and
       * nothing but a time, a weekday or a zone. */
      tail = g_regex_replace_literal (r->dateline_noise, key + e, -1, 0, "", 0, NULL);
      if (tail != NULL && only_punctuation (tail))
        return format_date (y, m, d);

      copy = g_string_new (NULL);

      /* Folding made dashes spaces; look again with them as colons. The
       * date itself has no dashes in this form. */
      for (const char *p = line; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (c == '-' || (c >= 0x2010 && c <= 0x2015))
            g_string_append_c (copy, ':');
          else
            g_string_append_unichar (copy, c);
        }
      dashless = khoji_text_fold (copy->str, -1);
      g_string_free (copy, TRUE);
      if (find_date (dashless, &y, &m, &d, &s, &e))
        {
          after = dashless + e;
          while (*after == ' ')
            after++;
          if (open != NULL ? *after == ')'
                           : (*after == ':' || *after == '|' || *after == '(' || *after == '\0' ||
                              *after == '.' || g_str_has_prefix (after, "।")))
            return format_date (y, m, d);
        }
    }

  return NULL;
}

gboolean
_khoji_ingest_is_pure_dateline (const char *line)
{
  g_autofree char *value = NULL;

  if (_khoji_ingest_char_count (line) > 80)
    return FALSE;
  value = dateline_value (line, FALSE);
  return value != NULL;
}

gboolean
_khoji_ingest_is_bare_number (const char *line)
{
  return _khoji_ingest_char_count (line) <= 16 && _khoji_ingest_rx_match (_khoji_ingest_rules_get ()->bare_number, line);
}

/* Whether `line` says the same as the title: the headline repeated as
 * the first paragraph, as a plain-text article and an HTML page whose
 * headline was put before its text both have it. */
static gboolean
line_is_title (const char *line,
               const char *title)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (title == NULL || *title == '\0')
    return FALSE;
  while (*line == '#')
    line++;
  a = khoji_text_fold (line, -1);
  b = khoji_text_fold (title, -1);
  g_strstrip (a);
  g_strstrip (b);
  if (*b == '\0')
    return FALSE;
  /* Only the whole line: a title taken from a paragraph's first sentence
   * leaves the paragraph a body paragraph. */
  return g_str_equal (a, b);
}

/**
 * khoji_ingest_front_matter:
 * @text: an article's text, as import stored it
 * @title: (nullable): its title
 * @dateline: (out) (optional) (transfer full): the dateline as the
 *   article wrote it, or %NULL
 *
 * The top of an article that is not its body: the headline repeated as
 * the first line, a dateline such as "04-Jun-2025 3:58:20 pm", a number
 * alone (a view count). They stay in the text (the dateline's date is one
 * of the article's dates) but a reader shows them as the article's
 * header, not as paragraphs.
 *
 * Returns: the byte offset in @text where the body starts; 0 when the
 * article has no such lines, and never the end of a text that has a body
 * of nothing else.
 */
gsize
khoji_ingest_front_matter (const char  *text,
                           const char  *title,
                           char       **dateline)
{
  const char *p = text;
  gsize body = 0;
  guint seen = 0;
  g_autofree char *found = NULL;

  while (p != NULL && *p != '\0' && seen < FRONT_LINES)
    {
      const char *nl = strchr (p, '\n');
      gsize len = nl ? (gsize) (nl - p) : strlen (p);
      g_autofree char *line = g_strndup (p, len);
      const char *next = nl ? nl + 1 : p + len;

      g_strstrip (line);
      if (*line == '\0')
        {
          p = next;
          continue;
        }
      seen++;
      if (line_is_title (line, title) || _khoji_ingest_is_bare_number (line))
        ;
      else if (_khoji_ingest_is_pure_dateline (line))
        {
          if (found == NULL)
            found = g_strdup (line);
        }
      else
        break;
      p = next;
      body = p - text;
    }
  /* Skip the blank lines between the header and the body. */
  while (text[body] == '\n' || text[body] == '\r' || text[body] == ' ')
    body++;
  if (text[body] == '\0')
    {
      body = 0;
      g_clear_pointer (&found, g_free);
    }
  if (dateline != NULL)
    *dateline = body > 0 ? g_steal_pointer (&found) : NULL;
  return body;
}

char *
_khoji_ingest_find_dateline (GPtrArray *lines)
{
  guint seen = 0;

  for (guint i = 0; i < lines->len && seen < DATELINE_SCAN_LINES; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      char *value;

      if (_khoji_ingest_line_is_blank (line))
        continue;
      seen++;
      if (_khoji_ingest_char_count (line) > 400)
        {
          /* Only the opening of a long paragraph can hold a place dateline. */
          g_autofree char *head = g_utf8_substring (line, 0, 80);
          value = dateline_value (head, seen <= 3);
        }
      else
        value = dateline_value (line, seen <= 3);
      if (value != NULL)
        return value;
    }
  return NULL;
}

/* Dates from HTML metadata: ISO 8601 usually, anything else the text
 * rules understand. The date is kept as the page wrote it, in its own
 * time zone: that is the date its readers saw. */
char *
_khoji_ingest_parse_meta_date (const char *value)
{
  g_autofree char *key = NULL;
  int y, m, d;

  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*value))
    value++;
  if (strlen (value) >= 10 && g_ascii_isdigit (value[0]) && value[4] == '-' && value[7] == '-')
    {
      y = atoi (value);
      m = atoi (value + 5);
      d = atoi (value + 8);
      if (valid_date (y, m, d))
        return format_date (y, m, d);
    }
  key = khoji_text_fold (value, -1);
  if (find_date (key, &y, &m, &d, NULL, NULL))
    return format_date (y, m, d);
  return NULL;
}
