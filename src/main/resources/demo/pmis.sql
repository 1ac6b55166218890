-- Demo PMIS: a legacy prisons schema with upper-case abbreviated names, dd/MM/yyyy date strings, Y/N flags and CNICs with dashes.
CREATE TABLE JAIL_MST (
    JAIL_CD  VARCHAR(10)  NOT NULL PRIMARY KEY,
    JAIL_NM  VARCHAR(120) NOT NULL,
    JAIL_CTG VARCHAR(20),
    DIST_CD  VARCHAR(5)
);

CREATE TABLE ADMSN (
    ADM_ID        BIGINT       NOT NULL PRIMARY KEY,
    JAIL_CD       VARCHAR(10)  NOT NULL,
    PRSNR_NO      VARCHAR(24)  NOT NULL,
    PRSNR_NM      VARCHAR(120),
    FTHR_HSBND_NM VARCHAR(120),
    REL_TYP       VARCHAR(3),
    SEX           CHAR(1),
    CNIC_NO       VARCHAR(20),
    AGE_YRS       INTEGER,
    DOB           VARCHAR(10),
    JUV_FLG       CHAR(1),
    DIST_CD       VARCHAR(5),
    PS_CD         VARCHAR(5),
    FIR_NO        VARCHAR(10),
    FIR_YR        VARCHAR(4),
    SECTIONS      VARCHAR(200),
    ARST_DT       VARCHAR(10),
    ADM_DT        VARCHAR(10),
    PRSNR_STS     VARCHAR(3),
    REL_DT        VARCHAR(10),
    REL_RSN       VARCHAR(60),
    -- Medical officer's flag (sick or infirm), children living with the mother in jail, and the current remand
    -- warrant's expiry date.
    SICK_FLG      CHAR(1),
    CHLD_CNT      INTEGER,
    WRNT_EXP_DT   VARCHAR(10),
    -- Further FIRs the prisoner is held on: DIST-PS-NUMBER-YEAR@dd/MM/yyyy (day of detention for it), ";" between.
    ADDL_FIRS     VARCHAR(200),
    UPD_TS        TIMESTAMP(6) NOT NULL
);

CREATE INDEX ADMSN_UPD_IX ON ADMSN (UPD_TS, ADM_ID);

-- Transfer register: one row each time a prisoner is moved from one jail to another.
CREATE TABLE TRNSFR (
    TRF_ID       BIGINT       NOT NULL PRIMARY KEY,
    ADM_ID       BIGINT       NOT NULL,
    PRSNR_NO     VARCHAR(24)  NOT NULL,
    FROM_JAIL_CD VARCHAR(10)  NOT NULL,
    TO_JAIL_CD   VARCHAR(10)  NOT NULL,
    TRF_DT       VARCHAR(10)  NOT NULL,
    TRF_RSN      VARCHAR(3),
    AUTH_REF     VARCHAR(40),
    UPD_TS       TIMESTAMP(6) NOT NULL
);

CREATE INDEX TRNSFR_UPD_IX ON TRNSFR (UPD_TS, TRF_ID);

-- Inbox written by the bus: the court production list received from the prosecution.
CREATE TABLE CRT_PROD_INBX (
    FIR_KEY     VARCHAR(40)  NOT NULL,
    HRG_DT      VARCHAR(10)  NOT NULL,
    CASE_REF    VARCHAR(30),
    CFMS_CASE   BIGINT,
    CRT_CD      VARCHAR(20),
    CRT_NM      VARCHAR(120),
    PURPOSE     VARCHAR(40),
    OUTCOME     VARCHAR(40),
    ADJ_BY      VARCHAR(20),
    NXT_HRG_DT  VARCHAR(10),
    PROD_REQ    CHAR(1),
    RBT_VER     BIGINT,
    RBT_HASH    VARCHAR(64),
    RBT_RCVD_TS TIMESTAMP(6),
    PRIMARY KEY (FIR_KEY, HRG_DT)
);

-- Inbox written by the bus: alerts on under-trial prisoners, for the superintendent.
CREATE TABLE UTP_ALRT_INBX (
    ALRT_ID     VARCHAR(500) NOT NULL PRIMARY KEY,
    RULE_CD     VARCHAR(60)  NOT NULL,
    ALRT_TTL    VARCHAR(200),
    ALRT_STS    VARCHAR(10)  NOT NULL,
    ALRT_STATE  VARCHAR(10),
    DUE_DT      VARCHAR(10),
    JAIL_CD     VARCHAR(10),
    PRSNR_NO    VARCHAR(24),
    FIR_KEY     VARCHAR(40),
    SMRY        VARCHAR(1000),
    LGL_BASIS   VARCHAR(1000),
    RBT_VER     BIGINT,
    RBT_HASH    VARCHAR(64),
    RBT_RCVD_TS TIMESTAMP(6)
);
