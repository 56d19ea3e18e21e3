{#- True when a DuckDB glob pattern matches at least one file, checked at run time: read_json on
    a pattern with no match is an error, and a fresh warehouse has no validation files yet.
    At parse time (no connection) it answers true, so the model compiles its normal query. -#}
{% macro glob_has_files(pattern) %}
    {% if not execute %}
        {{ return(true) }}
    {% endif %}
    {% set result = run_query("select count(*) from glob('" ~ pattern ~ "')") %}
    {{ return(result.columns[0].values()[0] > 0) }}
{% endmacro %}
