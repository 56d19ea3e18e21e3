-- Latest snapshot per logical date.
with latest_snapshot as (
    {{ latest_snapshot_per_logical_date(source('kstartup', 'announcements')) }}
),

renamed as (
    select
        -- ids
        pbanc_sn as announcement_id,
        -- strings
        biz_pbanc_nm as title,
        intg_pbanc_biz_nm as integrated_title,
        pbanc_ctnt as content,
        supt_biz_clsfc as support_category,
        supt_regin as region,
        pbanc_ntrp_nm as organisation,
        sprv_inst as organisation_type,
        biz_prch_dprt_nm as department,
        prch_cnpl_no as contact_phone,
        detl_pg_url as detail_url,
        biz_gdnc_url as guide_url,
        biz_aply_url as apply_url,
        aply_trgt as target,
        aply_trgt_ctnt as target_detail,
        aply_excl_trgt_ctnt as excluded_target,
        biz_enyy as business_age,
        biz_trgt_age as target_age,
        aply_mthd_onli_rcpt_istc as apply_online,
        aply_mthd_eml_rcpt_istc as apply_email,
        aply_mthd_vst_rcpt_istc as apply_visit,
        aply_mthd_fax_rcpt_istc as apply_fax,
        aply_mthd_pssr_rcpt_istc as apply_post,
        aply_mthd_etc_istc as apply_other,
        prfn_matr as preferences,
        -- booleans
        intg_pbanc_yn as is_integrated,
        rcrt_prgs_yn as is_recruiting,
        -- dates
        pbanc_rcpt_bgng_dt as application_start,
        pbanc_rcpt_end_dt as application_end,
        -- lineage
        {{ lineage_columns() }}
    from latest_snapshot
)

select * from renamed
