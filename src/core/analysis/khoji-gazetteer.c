/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "khoji-gazetteer"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "khoji-gazetteer-private.h"
#include "khoji-text.h"

#define GAZETTEER_RESOURCE RESOURCE_BASE "/gazetteer/"
#define MAX_WORDS 6

/* From the resource compiled out of data/gazetteer (its generated header
 * lives in another build folder). */
GResource *khoji_gazetteer_get_resource (void);

struct _KhojiGazetteer {
  gatomicrefcount  ref_count;
  char            *dir;
  GPtrArray       *entities;   /* KhojiGzEntity */
  GHashTable      *by_latin;   /* "<type>:<latin lower>" -> KhojiGzEntity */
  GHashTable      *forms;      /* form key -> KhojiGzEntity */
  GHashTable      *bodies;     /* form key -> KhojiGzEntity (body) */
  GHashTable      *credits;    /* form key -> KhojiGzEntity (paren): a credit in parentheses */
  GHashTable      *demonyms;   /* Latin demonym key -> KhojiGzEntity (a place) */
  GHashTable      *stopwords;  /* folded word -> itself */
  GHashTable      *names;      /* folded word -> GUINT class bits */
  GHashTable      *first_words; /* first word of any form or body */
  GHashTable      *prefixes;   /* the first words of a longer form or body */
  GHashTable      *skeletons;  /* consonant skeleton -> KhojiGzEntity, or &ambiguous */
  GHashTable      *skeleton_first; /* first word of any skeleton */
  GHashTable      *lists;      /* form key -> GUINT KhojiGazetteerList bits */
  GHashTable      *spellings;  /* NFC Devanagari name word -> published Latin spelling */
  GHashTable      *words;      /* any key of the tables above that KhojiGzWord covers -> its record */
  KhojiGzWord     *records;    /* the records `words` points into */
  GMutex           latin_lock;
  GHashTable      *latin_cache; /* name -> its Latin name */
  guint            max_words;
};

static void
gz_entity_free (gpointer data)
{
  KhojiGzEntity *e = data;

  g_free (e->latin);
  g_free (e->name);
  g_free (e->key);
  g_free (e);
}

static KhojiGazetteer *
gazetteer_new (void)
{
  KhojiGazetteer *self = g_new0 (KhojiGazetteer, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->entities = g_ptr_array_new_with_free_func (gz_entity_free);
  self->by_latin = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->forms = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->bodies = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->credits = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->demonyms = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->stopwords = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->names = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->first_words = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->prefixes = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->skeletons = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->skeleton_first = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->lists = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, NULL);
  self->spellings = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
  self->latin_cache = g_hash_table_new_full (khoji_text_hash, g_str_equal, g_free, g_free);
  g_mutex_init (&self->latin_lock);
  self->max_words = 1;
  return self;
}

KhojiGazetteer *
khoji_gazetteer_ref (KhojiGazetteer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
khoji_gazetteer_unref (KhojiGazetteer *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_hash_table_destroy (self->by_latin);
  g_hash_table_destroy (self->forms);
  g_hash_table_destroy (self->bodies);
  g_hash_table_destroy (self->credits);
  g_hash_table_destroy (self->demonyms);
  g_hash_table_destroy (self->stopwords);
  g_hash_table_destroy (self->names);
  g_hash_table_destroy (self->first_words);
  g_hash_table_destroy (self->prefixes);
  g_hash_table_destroy (self->skeletons);
  g_hash_table_destroy (self->skeleton_first);
  g_hash_table_destroy (self->lists);
  g_hash_table_destroy (self->spellings);
  g_hash_table_destroy (self->latin_cache);
  g_clear_pointer (&self->words, g_hash_table_destroy);
  g_free (self->records);
  g_mutex_clear (&self->latin_lock);
  g_ptr_array_unref (self->entities);
  g_free (self->dir);
  g_free (self);
}

guint
khoji_gazetteer_get_size (KhojiGazetteer *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->entities->len;
}

const char *
khoji_gazetteer_get_dir (KhojiGazetteer *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->dir;
}

char *
_khoji_gazetteer_form_key (const char *form,
                           gssize      len)
{
  g_autoptr(GArray) words = NULL;
  GString *key;

  if (len < 0)
    len = strlen (form);
  words = khoji_text_words (form, len);
  key = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      KhojiSpan *w = &g_array_index (words, KhojiSpan, i);
      g_autofree char *f = khoji_text_fold (form + w->start, w->end - w->start);

      if (*f == '\0')
        continue;
      if (key->len > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, f);
    }
  return g_string_free (key, FALSE);
}

static guint
count_words (const char *key)
{
  guint n = 1;

  for (const char *p = key; *p; p++)
    if (*p == ' ')
      n++;
  return n;
}

static gboolean
has_devanagari (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    if (khoji_text_is_devanagari (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* The files of the built-in gazetteer, in the order they win conflicts:
 * hand-made rows first, then countries before towns. Other files are the
 * user's, read before all of them. */
static const char * const file_order[] = {
  "manual.tsv", "countries.tsv", "regions.tsv", "india.tsv", "subdivisions.tsv",
  "cities.tsv", "demonyms.tsv",
};

static int file_rank (const char *name);

/* Countries and world regions (ICU's lists) are named by their adjectives
 * too (रूसी, भारतीय, कोरियाई). States and towns are not: पंजाबी and
 * गुजराती are languages, and many common words end like the demonym of
 * some village. */
static gboolean
source_allows_adjective (const char *source)
{
  return g_str_has_prefix (source, "icu");
}

/* Marks a skeleton two entities share: it names neither. */
static const KhojiGzEntity ambiguous_skeleton;

char *
_khoji_gazetteer_skeleton (const char *key,
                           guint      *n_consonants)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = key; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x0915 && c <= 0x0939) || (c >= 0x0958 && c <= 0x095F))
        {
          /* The nukta letters are their plain consonants (ज़ = ज). */
          static const gunichar plain[] = { 0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922,
                                            0x092B, 0x092F };
          if (c >= 0x0958)
            c = plain[c - 0x0958];
          g_string_append_unichar (out, c);
          n++;
        }
      else if (c == ' ' && out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
      else if (c < 0x0900 || c > 0x097F)
        {
          if (c != ' ')
            {
              g_string_free (out, TRUE);
              if (n_consonants)
                *n_consonants = 0;
              return NULL;
            }
        }
    }
  if (n_consonants)
    *n_consonants = n;
  return g_string_free (out, FALSE);
}

/* Foreign names are spelt with the vowels each writer hears (जोहान्सबर्ग,
 * जोहानिसबर्ग; बाइडेन, बाइडन): places and people are also found by their
 * consonants alone, when enough of them leave one entity only. */
static void
add_skeleton (KhojiGazetteer     *self,
              const char         *key,
              const KhojiGzEntity *e)
{
  guint n = 0;
  g_autofree char *skel = NULL;
  const KhojiGzEntity *old;

  if (e->body || e->paren || e->type == KHOJI_ENTITY_ORGANIZATION)
    return;
  skel = _khoji_gazetteer_skeleton (key, &n);
  if (skel == NULL || n < (strchr (skel, ' ') ? 4u : 5u))
    return;
  old = g_hash_table_lookup (self->skeletons, skel);
  if (old == NULL)
    {
      const char *space = strchr (skel, ' ');
      g_hash_table_add (self->skeleton_first,
                        space ? g_strndup (skel, space - skel) : g_strdup (skel));
      g_hash_table_insert (self->skeletons, g_steal_pointer (&skel), (gpointer) e);
    }
  else if (old != e && old != &ambiguous_skeleton && strcmp (old->key, e->key) != 0)
    g_hash_table_insert (self->skeletons, g_steal_pointer (&skel),
                         (gpointer) &ambiguous_skeleton);
}

/* The lists a row of `where` (a file or resource path) is in, beyond
 * its type: known from the generated file it comes from. */
static guint
row_lists (const char      *where,
           KhojiEntityType  type,
           const char      *source,
           gboolean         body)
{
  const char *base = strrchr (where, '/');
  guint bits = type == KHOJI_ENTITY_PERSON ? KHOJI_GZ_LIST_PERSON
             : type == KHOJI_ENTITY_PLACE ? KHOJI_GZ_LIST_PLACE : KHOJI_GZ_LIST_ORGANIZATION;

  base = base ? base + 1 : where;
  if (body)
    bits |= KHOJI_GZ_LIST_BODY;
  if (type != KHOJI_ENTITY_PLACE)
    ;
  else if (strcmp (base, "countries.tsv") == 0)
    bits |= KHOJI_GZ_LIST_COUNTRY;
  else if (strcmp (base, "regions.tsv") == 0)
    bits |= KHOJI_GZ_LIST_WORLD_REGION;
  else if (strcmp (base, "subdivisions.tsv") == 0 || g_str_has_suffix (source, ":state"))
    bits |= KHOJI_GZ_LIST_REGION;
  else if (strcmp (base, "cities.tsv") == 0 || strcmp (base, "india.tsv") == 0)
    bits |= KHOJI_GZ_LIST_TOWN;
  if (file_rank (base) == 0 || file_rank (base) == G_N_ELEMENTS (file_order))
    bits |= KHOJI_GZ_LIST_HAND_MADE;
  return bits;
}

static void
add_lists (KhojiGazetteer *self,
           const char     *key,
           guint           bits)
{
  guint old = GPOINTER_TO_UINT (g_hash_table_lookup (self->lists, key));

  if ((old | bits) != old)
    g_hash_table_replace (self->lists, g_strdup (key), GUINT_TO_POINTER (old | bits));
}

/* One form of `e` into `table` (forms, bodies or demonyms): the first
 * file that claims a form keeps it, user rows and the hand-made list
 * coming first. */
static void
add_form (KhojiGazetteer      *self,
          const KhojiGzEntity *e,
          const char          *form,
          GHashTable          *table,
          guint                lists)
{
  g_autofree char *key = _khoji_gazetteer_form_key (form, -1);
  gboolean deva = has_devanagari (form);

  if (*key == '\0')
    return;
  add_lists (self, key, lists | (deva ? 0 : KHOJI_GZ_LIST_LATIN));
  self->max_words = MIN (MAX (self->max_words, count_words (key)), MAX_WORDS);
  {
    const char *space = strchr (key, ' ');
    char *first = space ? g_strndup (key, space - key) : g_strdup (key);
    g_hash_table_add (self->first_words, first);
  }
  for (const char *space = strchr (key, ' '); space; space = strchr (space + 1, ' '))
    g_hash_table_add (self->prefixes, g_strndup (key, space - key));
  if (table == self->forms && deva)
    add_skeleton (self, key, e);
  /* A credit's form ("(PTI)", "(भाषा)") is also what it is in
   * parentheses; elsewhere the form is another entity's when one has it
   * ("PTI", a party), whichever row comes first. */
  if (e->paren && !g_hash_table_contains (self->credits, key))
    g_hash_table_insert (self->credits, g_strdup (key), (gpointer) e);
  if (!g_hash_table_contains (table, key))
    g_hash_table_insert (table, g_steal_pointer (&key), (gpointer) e);
  else if (table == self->forms && !e->paren && ((const KhojiGzEntity *) g_hash_table_lookup (table, key))->paren)
    g_hash_table_insert (table, g_steal_pointer (&key), (gpointer) e);
}

static gboolean
add_row (KhojiGazetteer  *self,
         char           **fields,
         guint            n_fields,
         const char      *where,
         guint            line_no,
         GError         **error)
{
  KhojiEntityType type;
  g_autofree char *latin_key = NULL;
  g_autofree char *latin_lower = NULL;
  g_auto(GStrv) forms = NULL;
  KhojiGzEntity *e;
  gboolean body, paren, demonym;
  guint lists;

  if (n_fields < 4 || !khoji_entity_type_from_string (g_strstrip (fields[0]), &type) ||
      *g_strstrip (fields[1]) == '\0' || *g_strstrip (fields[2]) == '\0')
    {
      g_set_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER,
                   "%s:%u: expected “type, latin, forms, source” separated by tabs",
                   where, line_no);
      return FALSE;
    }

  body = n_fields >= 5 && strstr (fields[4], "body") != NULL;
  paren = n_fields >= 5 && strstr (fields[4], "paren") != NULL;
  /* `demonym`: the forms are adjectives of a place, in English
   * ("Russian", "North Korean"); the entity is the place's own. */
  demonym = n_fields >= 5 && strstr (fields[4], "demonym") != NULL && type == KHOJI_ENTITY_PLACE;
  latin_lower = g_utf8_strdown (fields[1], -1);
  latin_key = g_strdup_printf ("%s%s:%s", body ? "body/" : paren ? "paren/" : "",
                               khoji_entity_type_to_string (type), latin_lower);
  e = g_hash_table_lookup (self->by_latin, latin_key);
  if (e == NULL)
    {
      e = g_new0 (KhojiGzEntity, 1);
      e->type = type;
      e->latin = g_strdup (fields[1]);
      e->key = g_strdup_printf ("%s:%s", khoji_entity_type_to_string (type), latin_lower);
      e->body = body;
      e->paren = paren;
      if (paren)
        {
          /* A credit's entity is the agency of the same Latin name, and
           * is called what that one is ("पीटीआई", not "भाषा"). */
          g_autofree char *plain = g_strdup_printf ("%s:%s", khoji_entity_type_to_string (type), latin_lower);
          const KhojiGzEntity *twin = g_hash_table_lookup (self->by_latin, plain);

          if (twin != NULL)
            e->name = g_strdup (twin->name);
        }
      g_ptr_array_add (self->entities, e);
      g_hash_table_insert (self->by_latin, g_steal_pointer (&latin_key), e);
    }
  if (source_allows_adjective (g_strstrip (fields[3])))
    e->adjective = TRUE;

  lists = row_lists (where, type, fields[3], body) | (demonym ? KHOJI_GZ_LIST_DEMONYM : 0);
  {
    g_autofree char *key = _khoji_gazetteer_form_key (fields[1], -1);
    if (*key != '\0')
      add_lists (self, key, lists | KHOJI_GZ_LIST_LATIN);
  }

  forms = g_strsplit (fields[2], "|", -1);
  for (guint i = 0; forms[i] != NULL; i++)
    {
      g_strstrip (forms[i]);
      if (*forms[i] == '\0')
        continue;
      if (e->name == NULL && has_devanagari (forms[i]))
        e->name = g_strdup (forms[i]);
      add_form (self, e, forms[i], demonym ? self->demonyms : body ? self->bodies : self->forms,
                lists);
    }
  /* A hand-made row's Latin name is how English text names it ("Sergei
   * Shoigu", "Kursk"); generated rows list the Latin forms they trust,
   * since many town names are English words. */
  if ((lists & KHOJI_GZ_LIST_HAND_MADE) && !paren && !demonym)
    add_form (self, e, fields[1], body ? self->bodies : self->forms, lists);
  if (e->name == NULL)
    e->name = g_strdup (forms[0] && !demonym ? g_strstrip (forms[0]) : e->latin);
  return TRUE;
}

static gboolean
load_tsv (KhojiGazetteer  *self,
          const char      *data,
          gsize            len,
          const char      *where,
          GError         **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = g_strndup (data, len);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER,
                   "%s is not UTF-8 text", where);
      return FALSE;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *line = lines[i];
      gsize l = strlen (line);

      if (l > 0 && line[l - 1] == '\r')
        line[l - 1] = '\0';
      if (*line == '#' || line[strspn (line, " \t")] == '\0')
        continue;
      fields = g_strsplit (line, "\t", -1);
      if (!add_row (self, fields, g_strv_length (fields), where, i + 1, error))
        return FALSE;
    }
  return TRUE;
}

static void
load_words (GHashTable *table,
            const char *data,
            gsize       len,
            gboolean    with_class)
{
  g_autofree char *text = g_strndup (data, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *word = line;
      guint cls = 0;
      char *tab;

      if (*line == '\0' || *line == '#')
        continue;
      if (with_class)
        {
          tab = strchr (line, '\t');
          if (tab == NULL)
            continue;
          *tab = '\0';
          cls = strcmp (line, "given") == 0 ? KHOJI_GZ_GIVEN
              : strcmp (line, "surname") == 0 ? KHOJI_GZ_SURNAME : 0;
          word = g_strstrip (tab + 1);
        }
      {
        g_autofree char *key = _khoji_gazetteer_form_key (word, -1);
        if (*key == '\0')
          continue;
        if (with_class)
          {
            guint old = GPOINTER_TO_UINT (g_hash_table_lookup (table, key));
            g_hash_table_replace (table, g_steal_pointer (&key), GUINT_TO_POINTER (old | cls));
          }
        else
          g_hash_table_replace (table, g_steal_pointer (&key), GUINT_TO_POINTER (1));
      }
    }
}

/* "word TAB Latin spelling [TAB count]"; the first file read keeps a word. */
static void
load_spellings (KhojiGazetteer *self,
                GHashTable     *table,
                const char     *data,
                gsize           len)
{
  g_autofree char *text = g_strndup (data, len);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autofree char *word = NULL;

      if (*lines[i] == '#' || strchr (lines[i], '\t') == NULL)
        continue;
      f = g_strsplit (lines[i], "\t", 3);
      g_strstrip (f[0]);
      g_strstrip (f[1]);
      if (*f[0] == '\0' || *f[1] == '\0' || !g_utf8_validate (f[0], -1, NULL) ||
          !g_utf8_validate (f[1], -1, NULL))
        continue;
      word = g_utf8_normalize (f[0], -1, G_NORMALIZE_NFC);
      if (word == NULL)
        continue;
      {
        g_autofree char *key = _khoji_gazetteer_form_key (word, -1);
        if (*key != '\0')
          add_lists (self, key, KHOJI_GZ_LIST_NAME_WORD);
      }
      if (!g_hash_table_contains (table, word))
        g_hash_table_insert (table, g_steal_pointer (&word), g_strdup (f[1]));
    }
}

static gboolean
load_file_data (KhojiGazetteer  *self,
                const char      *basename,
                const char      *data,
                gsize            len,
                const char      *where,
                GError         **error)
{
  if (g_str_has_suffix (basename, ".tsv"))
    return load_tsv (self, data, len, where, error);
  if (strcmp (basename, "stopwords.txt") == 0)
    load_words (self->stopwords, data, len, FALSE);
  else if (strcmp (basename, "names.txt") == 0)
    load_words (self->names, data, len, TRUE);
  else if (strcmp (basename, "spellings.txt") == 0)
    load_spellings (self, self->spellings, data, len);
  return TRUE;
}

/* Hand-made rows win form conflicts, then countries before towns. */
static int
file_rank (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_order); i++)
    if (strcmp (name, file_order[i]) == 0)
      return (int) i;
  return G_N_ELEMENTS (file_order);
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  int rx = file_rank (x), ry = file_rank (y);

  return rx != ry ? rx - ry : strcmp (x, y);
}

static gboolean
load_dir (KhojiGazetteer  *self,
          const char      *dir,
          gboolean         must_exist,
          GError         **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const char *name;

  d = g_dir_open (dir, 0, &local_error);
  if (d == NULL)
    {
      if (!must_exist)
        return TRUE;
      g_set_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER,
                   "Cannot read the gazetteer folder: %s", local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".tsv") || g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_files);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_get_contents (path, &contents, &len, error))
        {
          g_prefix_error (error, "Cannot read the gazetteer: ");
          if (*error != NULL && (*error)->domain != KHOJI_ANALYSIS_ERROR)
            {
              GError *e = *error;
              *error = g_error_new_literal (KHOJI_ANALYSIS_ERROR,
                                            KHOJI_ANALYSIS_ERROR_GAZETTEER, e->message);
              g_error_free (e);
            }
          return FALSE;
        }
      if (!load_file_data (self, names->pdata[i], contents, len, path, error))
        return FALSE;
    }
  return TRUE;
}

/* A Latin name that holds another entity's acronym ("UN Security
 * Council") is also written with that entity's Latin name ("United
 * Nations Security Council"). */
static void
expand_acronyms (KhojiGazetteer *self)
{
  for (guint i = 0; i < self->entities->len; i++)
    {
      KhojiGzEntity *e = self->entities->pdata[i];
      g_auto(GStrv) words = NULL;
      gboolean changed = FALSE;

      if (e->paren || strchr (e->latin, ' ') == NULL)
        continue;
      words = g_strsplit (e->latin, " ", -1);
      for (guint w = 0; words[w] != NULL; w++)
        {
          gsize n = strlen (words[w]);
          gboolean caps = n >= 2 && n <= 5;
          const KhojiGzEntity *x;
          g_autofree char *key = NULL;

          for (gsize k = 0; caps && k < n; k++)
            caps = g_ascii_isupper (words[w][k]);
          if (!caps)
            continue;
          key = _khoji_gazetteer_form_key (words[w], -1);
          x = g_hash_table_lookup (self->forms, key);
          if (x == NULL || x == e || x->body || strchr (x->latin, ' ') == NULL)
            continue;
          g_free (words[w]);
          words[w] = g_strdup (x->latin);
          changed = TRUE;
        }
      if (changed)
        {
          g_autofree char *form = g_strjoinv (" ", words);
          add_form (self, e, form, e->body ? self->bodies : self->forms,
                    (e->type == KHOJI_ENTITY_PERSON ? KHOJI_GZ_LIST_PERSON
                     : e->type == KHOJI_ENTITY_PLACE ? KHOJI_GZ_LIST_PLACE
                     : KHOJI_GZ_LIST_ORGANIZATION) | (e->body ? KHOJI_GZ_LIST_BODY : 0));
        }
    }
}

static void
add_keys (GHashTable *words,
          GHashTable *table)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (words, key, NULL);
}

/* Once loaded, each key of the tables a word is asked about gets its
 * record, filled by those tables' own lookups: the records say what the
 * tables say, and a key in none of them is in no table. The keys are
 * the tables', which live as long as the gazetteer. */
static void
index_words (KhojiGazetteer *self)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  self->words = g_hash_table_new (khoji_text_hash, g_str_equal);
  add_keys (self->words, self->forms);
  add_keys (self->words, self->bodies);
  add_keys (self->words, self->lists);
  add_keys (self->words, self->names);
  add_keys (self->words, self->stopwords);
  add_keys (self->words, self->first_words);
  add_keys (self->words, self->prefixes);
  self->records = g_new0 (KhojiGzWord, MAX (g_hash_table_size (self->words), 1));
  g_hash_table_iter_init (&iter, self->words);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      KhojiGzWord *r = &self->records[n++];

      r->form = _khoji_gazetteer_lookup (self, key);
      r->body = _khoji_gazetteer_lookup_body (self, key);
      r->lists = khoji_gazetteer_lists (self, key);
      r->name_class = _khoji_gazetteer_name_class (self, key);
      r->stopword = _khoji_gazetteer_is_stopword (self, key);
      r->first_word = _khoji_gazetteer_is_first_word (self, key);
      r->prefix = _khoji_gazetteer_is_prefix (self, key);
      g_hash_table_iter_replace (&iter, r);
    }
}

KhojiGazetteer *
khoji_gazetteer_new_from_dir (const char  *dir,
                              GError     **error)
{
  g_autoptr(KhojiGazetteer) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = gazetteer_new ();
  self->dir = g_strdup (dir);
  if (!load_dir (self, dir, TRUE, error))
    return NULL;
  expand_acronyms (self);
  index_words (self);
  return g_steal_pointer (&self);
}

static gboolean
load_resources (KhojiGazetteer  *self,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GResource *resource;

  /* Through the GResource itself: in a static library the constructor that
   * would register it globally may be dropped by the linker. */
  resource = khoji_gazetteer_get_resource ();
  children = g_resource_enumerate_children (resource, GAZETTEER_RESOURCE, 0, &local_error);
  if (children == NULL)
    {
      g_set_error (error, KHOJI_ANALYSIS_ERROR, KHOJI_ANALYSIS_ERROR_GAZETTEER,
                   "The built-in gazetteer is missing: %s", local_error->message);
      return FALSE;
    }
  for (guint i = 0; children[i] != NULL; i++)
    g_ptr_array_add (names, children[i]);
  g_ptr_array_sort (names, compare_files);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_strconcat (GAZETTEER_RESOURCE, names->pdata[i], NULL);
      g_autoptr(GBytes) bytes = g_resource_lookup_data (resource, path, 0, NULL);
      gsize len;
      const char *data;

      if (bytes == NULL)
        continue;
      data = g_bytes_get_data (bytes, &len);
      if (!load_file_data (self, names->pdata[i], data, len, path, error))
        return FALSE;
    }
  return TRUE;
}

KhojiGazetteer *
khoji_gazetteer_new_default (GError **error)
{
  g_autoptr(KhojiGazetteer) self = NULL;
  g_autofree char *user_dir = NULL;
  g_autoptr(GError) user_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = gazetteer_new ();
  user_dir = g_build_filename (g_get_user_data_dir (), "khoji", "gazetteer", NULL);
  self->dir = g_strdup (user_dir);
  /* The user's rows come first so that they win conflicts; a broken user
   * file must not keep the program from starting. */
  if (!load_dir (self, user_dir, FALSE, &user_error))
    g_message ("Ignoring the user gazetteer: %s", user_error->message);
  if (!load_resources (self, error))
    return NULL;
  expand_acronyms (self);
  index_words (self);
  return g_steal_pointer (&self);
}

const KhojiGzWord *
_khoji_gazetteer_word (KhojiGazetteer *self,
                       const char     *key)
{
  static const KhojiGzWord nothing = { 0 };
  const KhojiGzWord *r = g_hash_table_lookup (self->words, key);

  return r ? r : &nothing;
}

const KhojiGzEntity *
_khoji_gazetteer_lookup (KhojiGazetteer *self,
                         const char     *key)
{
  return g_hash_table_lookup (self->forms, key);
}

/* The news agency a form names when it stands alone in parentheses, as
 * agencies are credited ("(भाषा)", "(PTI)"), or NULL. */
const KhojiGzEntity *
_khoji_gazetteer_lookup_credit (KhojiGazetteer *self,
                                const char     *key)
{
  return g_hash_table_lookup (self->credits, key);
}

const KhojiGzEntity *
_khoji_gazetteer_lookup_body (KhojiGazetteer *self,
                              const char     *key)
{
  return g_hash_table_lookup (self->bodies, key);
}

const KhojiGzEntity *
_khoji_gazetteer_lookup_demonym (KhojiGazetteer *self,
                                 const char     *key)
{
  return g_hash_table_lookup (self->demonyms, key);
}

gboolean
_khoji_gazetteer_is_stopword (KhojiGazetteer *self,
                              const char     *folded_word)
{
  return g_hash_table_contains (self->stopwords, folded_word);
}

guint
_khoji_gazetteer_name_class (KhojiGazetteer *self,
                             const char     *folded_word)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->names, folded_word));
}

gboolean
_khoji_gazetteer_is_first_word (KhojiGazetteer *self,
                                const char     *folded_word)
{
  return g_hash_table_contains (self->first_words, folded_word);
}

const KhojiGzEntity *
_khoji_gazetteer_lookup_skeleton (KhojiGazetteer *self,
                                  const char     *skeleton)
{
  const KhojiGzEntity *e = g_hash_table_lookup (self->skeletons, skeleton);

  return e == &ambiguous_skeleton ? NULL : e;
}

gboolean
_khoji_gazetteer_is_skeleton_first (KhojiGazetteer *self,
                                    const char     *skeleton_word)
{
  return g_hash_table_contains (self->skeleton_first, skeleton_word);
}

gboolean
_khoji_gazetteer_is_prefix (KhojiGazetteer *self,
                            const char     *words)
{
  return g_hash_table_contains (self->prefixes, words);
}

guint
_khoji_gazetteer_max_words (KhojiGazetteer *self)
{
  return self->max_words;
}

guint
khoji_gazetteer_lists (KhojiGazetteer *self,
                       const char     *key)
{
  guint bits, names;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (key != NULL, 0);

  bits = GPOINTER_TO_UINT (g_hash_table_lookup (self->lists, key));
  names = GPOINTER_TO_UINT (g_hash_table_lookup (self->names, key));
  if (names & KHOJI_GZ_GIVEN)
    bits |= KHOJI_GZ_LIST_GIVEN_NAME;
  if (names & KHOJI_GZ_SURNAME)
    bits |= KHOJI_GZ_LIST_SURNAME;
  if (g_hash_table_contains (self->stopwords, key))
    bits |= KHOJI_GZ_LIST_STOPWORD;
  return bits;
}

guint
khoji_gazetteer_lists_of_text (KhojiGazetteer *self,
                               const char     *text,
                               gssize          len)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);

  if (len < 0)
    len = strlen (text);
  if (!khoji_text_validate (text, len))
    return 0;
  key = _khoji_gazetteer_form_key (text, len);
  return *key ? khoji_gazetteer_lists (self, key) : 0;
}

#define LATIN_CACHE_MAX_ENTRIES 16384

char *
khoji_gazetteer_to_latin (KhojiGazetteer *self,
                          const char     *name)
{
  char *latin = NULL;
  const char *hit;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->latin_lock);
  hit = g_hash_table_lookup (self->latin_cache, name);
  if (hit != NULL)
    latin = g_strdup (hit);
  g_mutex_unlock (&self->latin_lock);
  if (latin != NULL)
    return latin;

  latin = khoji_text_to_latin_with (name, self->spellings);
  g_mutex_lock (&self->latin_lock);
  if (g_hash_table_size (self->latin_cache) >= LATIN_CACHE_MAX_ENTRIES)
    g_hash_table_remove_all (self->latin_cache);
  g_hash_table_insert (self->latin_cache, g_strdup (name), g_strdup (latin));
  g_mutex_unlock (&self->latin_lock);
  return latin;
}
