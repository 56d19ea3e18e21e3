{#-
    Month-by-month incremental NPS models (warehouse/incremental.py). The models below the national
    file's staging model work a month at a time: a month's input is every stored file snapshot that
    reports it, so its rows change exactly when that list of snapshot ids does. Each model records
    the list it last built every month from (the ledger, in the incremental store) and rebuilds only
    the months whose list differs: the month a new file adds, or the months a file restates. The
    comparison is against the model's own ledger, so a build that stopped half-way is completed by
    the next one; a full build ignores the ledger and records every month.
-#}

{% macro nps_month_signatures() -%}
    select month, string_agg(snapshot_id, ',' order by snapshot_id) as signature
    from {{ ref('int_nps__file_month_snapshots') }}
    group by month
{%- endmacro %}

{% macro nps_ledger() -%}
    {{ this.database }}.main.nps_month_ledger
{%- endmacro %}

{#- the months to rebuild: their snapshot list differs from the one this model recorded, or they
    are no longer in any file (a date fetched again without them): their rows go -#}
{% macro nps_months_to_rebuild() -%}
    select signatures.month
    from ({{ nps_month_signatures() }}) as signatures
    left join {{ nps_ledger() }} as ledger
        on ledger.model = '{{ this.identifier }}' and ledger.month = signatures.month
    where ledger.signature is distinct from signatures.signature
    union
    select month
    from {{ nps_ledger() }}
    where model = '{{ this.identifier }}'
      and month not in (select month from {{ ref('int_nps__file_month_snapshots') }})
{%- endmacro %}

{#- the ledger's hooks (rendered when the model runs, so `this` is the stored relation) -#}
{% macro nps_ledger_create() -%}
    create table if not exists {{ nps_ledger() }} (model varchar, month varchar, signature varchar)
{%- endmacro %}

{#- before the insert (same transaction): drop the months about to be rebuilt (`month_column` holds
    the month); `extra`, a condition, drops more rows the model rebuilds every time -#}
{% macro nps_months_delete(month_column='month', extra=none) -%}
    {% if is_incremental() %}
    delete from {{ this }}
    where {{ month_column }} in ({{ nps_months_to_rebuild() }}){% if extra %} or ({{ extra }}){% endif %}
    {% else %}
    select 1
    {% endif %}
{%- endmacro %}

{% macro nps_ledger_record() -%}
    delete from {{ nps_ledger() }} where model = '{{ this.identifier }}';
    insert into {{ nps_ledger() }}
    select '{{ this.identifier }}', month, signature from ({{ nps_month_signatures() }})
{%- endmacro %}
